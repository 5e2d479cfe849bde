#include "ProfileForm.h"

#include "EngineChoices.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace mig::ui {

namespace {

template <typename W>
W *named(W *widget, const char *name)
{
    widget->setObjectName(QLatin1String(name));
    return widget;
}

} // namespace

ProfileForm::ProfileForm(QWidget *parent)
    : QWidget(parent)
    , m_name(named(new QLineEdit, "nameEdit"))
    , m_engine(named(new QComboBox, "engineCombo"))
    , m_host(named(new QLineEdit, "hostEdit"))
    , m_port(named(new QLineEdit, "portEdit"))
    , m_database(named(new QLineEdit, "databaseEdit"))
    , m_browse(named(new QPushButton(QStringLiteral("Browse…")), "browseButton"))
    , m_user(named(new QLineEdit, "userEdit"))
    , m_tls(named(new QComboBox, "tlsCombo"))
    , m_options(named(new QPlainTextEdit, "optionsEdit"))
    , m_historyTable(named(new QLineEdit, "historyTableEdit"))
    , m_historyTableProblem(named(new QLabel, "historyTableProblem"))
    , m_layout(new QFormLayout(this))
{
    for (Dialect d : profileEngines())
        m_engine->addItem(engineLabel(d), int(d));
    m_name->setPlaceholderText(QStringLiteral("e.g. staging"));
    m_port->setValidator(new QIntValidator(1, 65535, m_port));
    m_options->setTabChangesFocus(true);
    m_options->setFixedHeight(m_options->fontMetrics().lineSpacing() * 3 + 12);
    m_historyTable->setText(ConnectionProfile().historyTable);
    m_historyTableProblem->setWordWrap(true);
    m_historyTableProblem->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_historyTableProblem->hide();
    m_browse->setToolTip(QStringLiteral("Choose the SQLite database file (a new file is created by the first apply)"));

    auto *database = new QHBoxLayout;
    database->setContentsMargins(0, 0, 0, 0);
    database->addWidget(m_database, 1);
    database->addWidget(m_browse);

    QFormLayout *form = m_layout;
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(QStringLiteral("&Name:"), m_name);
    form->addRow(QStringLiteral("&Engine:"), m_engine);
    form->addRow(QStringLiteral("&Host:"), m_host);
    form->addRow(QStringLiteral("&Port:"), m_port);
    form->addRow(QStringLiteral("&Database:"), database);
    form->addRow(QStringLiteral("&User:"), m_user);
    form->addRow(QStringLiteral("&TLS mode:"), m_tls);
    form->addRow(QStringLiteral("&Options:"), m_options);
    form->addRow(QStringLiteral("History &table:"), m_historyTable);
    form->addRow(QString(), m_historyTableProblem);
    // Labels find their fields for the mnemonics (Alt+N, ...).
    for (QWidget *w : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_engine), static_cast<QWidget *>(m_host),
                       static_cast<QWidget *>(m_port), static_cast<QWidget *>(m_user), static_cast<QWidget *>(m_tls),
                       static_cast<QWidget *>(m_options), static_cast<QWidget *>(m_historyTable)})
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(w)))
            label->setBuddy(w);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(database)))
        label->setBuddy(m_database);

    connect(m_engine, &QComboBox::currentIndexChanged, this, &ProfileForm::engineChosen);
    connect(m_browse, &QPushButton::clicked, this, &ProfileForm::browse);
    connect(m_historyTable, &QLineEdit::textChanged, this, &ProfileForm::showHistoryTableProblem);
    for (QLineEdit *e : {m_name, m_host, m_port, m_database, m_user, m_historyTable})
        connect(e, &QLineEdit::textChanged, this, &ProfileForm::changed);
    connect(m_tls, &QComboBox::currentIndexChanged, this, &ProfileForm::changed);
    connect(m_options, &QPlainTextEdit::textChanged, this, &ProfileForm::changed);
    engineChosen();
}

void ProfileForm::addRow(const QString &label, QWidget *field)
{
    m_layout->addRow(label, field);
    if (auto *l = qobject_cast<QLabel *>(m_layout->labelForField(field)))
        l->setBuddy(field);
}

Dialect ProfileForm::engine() const
{
    return Dialect(m_engine->currentData().toInt());
}

void ProfileForm::engineChosen()
{
    const Dialect e = engine();
    const bool server = e != Dialect::Sqlite;
    for (QWidget *w : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port), static_cast<QWidget *>(m_user),
                       static_cast<QWidget *>(m_tls)})
        w->setEnabled(server);
    m_browse->setVisible(!server);
    m_host->setPlaceholderText(server ? QStringLiteral("localhost") : QString());
    m_port->setPlaceholderText(server ? QString::number(defaultPort(e)) : QString());
    m_database->setPlaceholderText(server ? QStringLiteral("database name") : QStringLiteral("path/to/file.db"));
    m_user->setPlaceholderText(server ? QStringLiteral("user name") : QString());
    m_options->setPlaceholderText(e == Dialect::Postgres ? QStringLiteral("one key=value per line, e.g. sslrootcert=/etc/ssl/ca.pem")
                                  : e == Dialect::Mysql  ? QStringLiteral("one key=value per line, e.g. ssl-ca=/etc/ssl/ca.pem")
                                                         : QStringLiteral("one key=value per line"));
    const QString keep = m_tls->currentData().toString();
    m_tls->clear();
    m_tls->addItem(server ? QStringLiteral("driver default") : QStringLiteral("not used by SQLite"), QString());
    for (const QString &mode : tlsModes(e))
        m_tls->addItem(mode, mode);
    m_tls->setCurrentIndex(qMax(0, m_tls->findData(keep)));
    m_tls->setToolTip(server ? QStringLiteral("%1 (%2)").arg(tlsSettingName(e), engineLabel(e)) : QStringLiteral("SQLite files have no TLS"));
    showHistoryTableProblem();
    Q_EMIT changed();
}

void ProfileForm::browse()
{
    // Non-blocking, like every dialog of the console: the answer comes in fileSelected.
    auto *dialog = new QFileDialog(this, QStringLiteral("SQLite database file"));
    dialog->setObjectName(QStringLiteral("databaseFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave); // a new file is fine: the first apply creates it
    dialog->setOption(QFileDialog::DontConfirmOverwrite);
    dialog->setNameFilters({QStringLiteral("SQLite databases (*.db *.sqlite *.sqlite3)"), QStringLiteral("All files (*)")});
    if (!m_database->text().isEmpty())
        dialog->selectFile(m_database->text());
    connect(dialog, &QFileDialog::fileSelected, m_database, &QLineEdit::setText);
    dialog->open();
}

void ProfileForm::showHistoryTableProblem()
{
    const QString p = historyTableProblem(engine(), m_historyTable->text().trimmed());
    m_historyTableProblem->setText(p);
    m_historyTableProblem->setVisible(!p.isEmpty());
}

void ProfileForm::setProfile(const ConnectionProfile &p)
{
    m_engine->setCurrentIndex(m_engine->findData(int(p.engine)));
    m_name->setText(p.name);
    m_host->setText(p.host);
    m_port->setText(p.port > 0 ? QString::number(p.port) : QString());
    m_database->setText(p.database);
    m_user->setText(p.user);
    m_tls->setCurrentIndex(qMax(0, m_tls->findData(p.tlsMode)));
    m_options->setPlainText(formatOptions(p.options));
    m_historyTable->setText(p.historyTable);
}

ConnectionProfile ProfileForm::profile() const
{
    ConnectionProfile p;
    p.name = m_name->text().trimmed();
    p.engine = engine();
    p.database = m_database->text().trimmed();
    if (p.engine != Dialect::Sqlite) {
        p.host = m_host->text().trimmed();
        if (p.host.isEmpty())
            p.host = QStringLiteral("localhost");
        p.port = m_port->text().toInt();
        p.user = m_user->text().trimmed();
        p.tlsMode = m_tls->currentData().toString();
    }
    p.options = parseOptions(p.engine, m_options->toPlainText()).options;
    p.historyTable = m_historyTable->text().trimmed();
    return p;
}

QString ProfileForm::problem(bool withName) const
{
    if (const QString p = profileNameProblem(m_name->text()); withName && !p.isEmpty())
        return p;
    if (m_database->text().trimmed().isEmpty())
        return engine() == Dialect::Sqlite ? QStringLiteral("choose the database file") : QStringLiteral("name the database");
    if (!m_port->text().isEmpty() && !m_port->hasAcceptableInput())
        return QStringLiteral("the port is a number from 1 to 65535");
    if (const QString p = parseOptions(engine(), m_options->toPlainText()).error; !p.isEmpty())
        return p;
    if (const QString p = historyTableProblem(engine(), m_historyTable->text().trimmed()); !p.isEmpty())
        return QStringLiteral("history table: ") + p;
    return {};
}

} // namespace mig::ui
