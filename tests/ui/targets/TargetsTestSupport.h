#pragma once
// Shared by the target tests: settings of the test's own, the editor filled as a person does it
// (typing and clicking), and waiting for what appears on screen.

#include "Screenshot.h"
#include "TempFolder.h"

#include "targets/ProfileDialog.h"
#include "targets/TargetListModel.h"
#include "targets/TargetsPanel.h"
#include "target/ProfileStore.h"
#include "target/SecretStore.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <gtest/gtest.h>

#include <optional>

inline void PrintTo(const QString &text, std::ostream *os)
{
    *os << '"' << text.toStdString() << '"';
}

namespace targetstest {

using namespace mig;

inline std::string s(const QString &text)
{
    return text.toStdString();
}

// Every test gets settings of its own (ProfileStore writes QSettings): the user's profiles are
// never read or touched, and tests running in parallel do not see each other's.
class IsolatedSettings
{
public:
    IsolatedSettings()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    }
    QString path() const { return m_dir.path(); }
    // Every byte of every settings file: a password must be in none of them.
    QByteArray everything() const
    {
        QByteArray all;
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly))
                all += f.readAll();
        }
        return all;
    }

private:
    QTemporaryDir m_dir;
};

template <typename T>
T *child(QObject *parent, const char *name)
{
    T *w = parent->findChild<T *>(QLatin1String(name));
    EXPECT_NE(w, nullptr) << "no " << name;
    return w;
}

// Types text key by key; characters beyond ASCII (which QTest::keyClicks cannot map to a key)
// arrive as key events carrying their text, as an input method delivers them.
inline void typeText(QWidget *widget, const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x80)
            QTest::keyClick(widget, char(c.unicode()));
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

// Replaces a line edit's text by typing, as a person would (select all, type).
inline void typeInto(QLineEdit *edit, const QString &text)
{
    ASSERT_NE(edit, nullptr);
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Delete);
    typeText(edit, text);
    ASSERT_EQ(edit->text(), text);
}

inline void typeInto(QPlainTextEdit *edit, const QString &text)
{
    ASSERT_NE(edit, nullptr);
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Delete);
    const QStringList lines = text.split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(edit, Qt::Key_Return);
        typeText(edit, lines.at(i));
    }
    ASSERT_EQ(edit->toPlainText(), text);
}

// Picks a combo entry with the keyboard (Home, then Down until it shows).
inline void choose(QComboBox *combo, const QString &text)
{
    ASSERT_NE(combo, nullptr);
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < combo->count() && combo->currentText() != text; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    ASSERT_EQ(combo->currentText(), text);
}

// Makes a window the active one, so its keyboard shortcuts work (they need an active window
// with the focus inside the widget that owns them).
inline void activate(QWidget *focus)
{
    ASSERT_NE(focus, nullptr);
    QWidget *window = focus->window();
    window->activateWindow();
    // The offscreen platform has no window manager to hand activation back to the window
    // under a dialog that closed: do what it would.
    if (QApplication::activeWindow() != window)
        QApplication::setActiveWindow(window);
    ASSERT_TRUE(QTest::qWaitFor([&] { return QApplication::activeWindow() == window; }, 5000));
    focus->setFocus();
    ASSERT_EQ(QApplication::focusWidget(), focus);
}

inline void click(QAbstractButton *button)
{
    ASSERT_NE(button, nullptr);
    ASSERT_TRUE(button->isEnabled()) << s(button->text()) << " is disabled";
    // A check box reacts to its box and label only, not to the empty width a layout gives it.
    const QPoint where = qobject_cast<QCheckBox *>(button) ? QPoint(8, button->height() / 2) : button->rect().center();
    QTest::mouseClick(button, Qt::LeftButton, {}, where);
}

// A visible top-level window (dialog) of a type and name, once it appears.
template <typename T>
T *waitForWindow(const char *name, int timeoutMs = 10000)
{
    T *found = nullptr;
    (void)QTest::qWaitFor(
        [&] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (w->isVisible() && w->objectName() == QLatin1String(name))
                    if ((found = qobject_cast<T *>(w)))
                        return true;
            return false;
        },
        timeoutMs);
    return found;
}

// The signal came, already (it may come inside the key click that caused it) or within timeoutMs.
inline bool emitted(QSignalSpy &spy, int timeoutMs)
{
    return !spy.isEmpty() || spy.wait(timeoutMs);
}

// What a person types into the profile editor.
struct Fields {
    QString name;
    QString engine = QStringLiteral("SQLite");
    QString host, port, database, user;
    QString tls;          // empty: leave the driver default
    QString options;      // key=value lines
    QString historyTable; // empty: leave the default
    QString password;
    bool remember = true;
};

// A server profile's usual fields; tests add what they need on top.
inline Fields serverFields(const QString &engine, const QString &name, const QString &host, const QString &database,
                           const QString &user, const QString &password)
{
    Fields f;
    f.name = name;
    f.engine = engine;
    f.host = host;
    f.database = database;
    f.user = user;
    f.password = password;
    return f;
}

inline void fill(ui::ProfileDialog *dialog, const Fields &f)
{
    ASSERT_NE(dialog, nullptr);
    ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(dialog, "nameEdit"), f.name));
    ASSERT_NO_FATAL_FAILURE(choose(child<QComboBox>(dialog, "engineCombo"), f.engine));
    if (f.engine != u"SQLite") {
        ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(dialog, "hostEdit"), f.host));
        ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(dialog, "portEdit"), f.port));
        ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(dialog, "userEdit"), f.user));
        if (!f.tls.isEmpty()) {
            ASSERT_NO_FATAL_FAILURE(choose(child<QComboBox>(dialog, "tlsCombo"), f.tls));
        }
        ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(dialog, "passwordEdit"), f.password));
        auto *remember = child<QCheckBox>(dialog, "rememberCheck");
        if (remember->isChecked() != f.remember)
            click(remember);
    }
    ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(dialog, "databaseEdit"), f.database));
    if (!f.options.isEmpty()) {
        ASSERT_NO_FATAL_FAILURE(typeInto(child<QPlainTextEdit>(dialog, "optionsEdit"), f.options));
    }
    if (!f.historyTable.isEmpty()) {
        ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(dialog, "historyTableEdit"), f.historyTable));
    }
}

// Clicks "Test connection" and waits for the line it shows.
inline QString testConnectionIn(ui::ProfileDialog *dialog)
{
    std::optional<QString> shown;
    QObject::connect(dialog, &ui::ProfileDialog::connectionTested, dialog, [&](bool, const QString &summary) { shown = summary; });
    click(child<QPushButton>(dialog, "testButton"));
    EXPECT_TRUE(QTest::qWaitFor([&] { return shown.has_value(); }, 30000)) << "no answer from the connection test";
    auto *result = child<QLabel>(dialog, "testResult");
    EXPECT_EQ(result->text(), shown.value_or(QString())) << "the dialog shows something else than the test's answer";
    EXPECT_GE(result->height(), result->heightForWidth(result->width())) << "the message is cut off: " << s(result->text());
    return result->text();
}

// What every target test starts from: settings of its own, secrets in memory, a temp folder.
class TargetsTest : public ::testing::Test
{
protected:
    IsolatedSettings settings;
    MemorySecretStore secrets;
    TempFolder folder;

    // A new profile editor filled with `f`, "Test connection" clicked: the line it shows, and
    // with a name, a screenshot of it.
    QString testedIn(const Fields &f, const QString &shot = {})
    {
        ui::ProfileDialog dialog(&secrets);
        dialog.open();
        fill(&dialog, f);
        const QString shown = testConnectionIn(&dialog);
        if (!shot.isEmpty())
            saveScreenshot(&dialog, shot);
        return shown;
    }
};

// A secret store whose keychain is gone: every call fails, as KeychainSecretStore does without
// a Secret Service.
class BrokenSecretStore final : public SecretStore
{
public:
    using SecretStore::SecretStore;
    QString why = QStringLiteral("the OS keychain is not available: org.freedesktop.secrets was not provided by any .service files");
    int writes = 0;
    void readPassword(const QString &, ReadDone done) override
    {
        QTimer::singleShot(0, this, [this, done] { done(SecretResult{SecretResult::Status::Failed, QString(), why}); });
    }
    void writePassword(const QString &, const QString &, WriteDone done) override
    {
        ++writes;
        QTimer::singleShot(0, this, [done] { done(QStringLiteral("could not store the password in the OS keychain: no keychain")); });
    }
    void deletePassword(const QString &, WriteDone done) override
    {
        QTimer::singleShot(0, this, [done] { done(QStringLiteral("could not delete the password from the OS keychain: no keychain")); });
    }
};

// What the store holds for a key, waited for.
inline SecretResult readSecret(SecretStore &store, const QString &key)
{
    std::optional<SecretResult> got;
    store.readPassword(key, [&](const SecretResult &r) { got = r; });
    EXPECT_TRUE(QTest::qWaitFor([&] { return got.has_value(); }, 20000)) << "no answer from the secret store";
    return got.value_or(SecretResult{SecretResult::Status::Failed, QString(), QStringLiteral("timeout")});
}

// The text, tooltip and whether an icon shows, of one cell of the target list.
struct CellSeen {
    QString text, tip;
    bool icon = false;
};

inline CellSeen cellOf(QTableView *list, const QString &profile, int column)
{
    QAbstractItemModel *m = list->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        if (m->index(r, 0).data().toString() != profile)
            continue;
        const QModelIndex i = m->index(r, column);
        return {i.data().toString(), i.data(Qt::ToolTipRole).toString(), !i.data(Qt::DecorationRole).isNull()};
    }
    ADD_FAILURE() << "no row for " << s(profile);
    return {};
}

inline int rowOfProfile(QTableView *list, const QString &profile)
{
    for (int r = 0; r < list->model()->rowCount(); ++r)
        if (list->model()->index(r, 0).data().toString() == profile)
            return r;
    return -1;
}

} // namespace targetstest
