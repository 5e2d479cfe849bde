#pragma once

#include "target/ConnectionProfile.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace mig::ui {

// The fields of a connection profile, laid out for the profile editor: name, engine, host,
// port, database (a file with a browse button for SQLite), user, TLS mode, further options and
// the history table. The fields follow the engine: SQLite has no host, port, user or TLS.
// Never a password: the dialog around it handles that.
class ProfileForm : public QWidget
{
    Q_OBJECT
public:
    explicit ProfileForm(QWidget *parent = nullptr);

    void setProfile(const ConnectionProfile &profile);
    // The profile as the fields say now (options that do not parse are left out: see problem()).
    ConnectionProfile profile() const;
    // A further row under the profile's fields, aligned with them (the dialog's password).
    void addRow(const QString &label, QWidget *field);

    // The first reason the fields do not make a usable profile; empty when they do. A test of
    // the connection needs no name: withName false leaves it out.
    QString problem(bool withName = true) const;

Q_SIGNALS:
    void changed();

private:
    void engineChosen();
    void browse();
    void showHistoryTableProblem();
    Dialect engine() const;

    QLineEdit *m_name;
    QComboBox *m_engine;
    QLineEdit *m_host;
    QLineEdit *m_port;
    QLineEdit *m_database;
    QPushButton *m_browse;
    QLineEdit *m_user;
    QComboBox *m_tls;
    QPlainTextEdit *m_options;
    QLineEdit *m_historyTable;
    QLabel *m_historyTableProblem;
    QFormLayout *m_layout;
};

} // namespace mig::ui
