#include "BackupCard.h"

#include "GoNoGoLook.h"

#include "backup/JobEvents.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace mig::ui {

QString BackupCard::humanAge(qint64 s)
{
    s = std::max<qint64>(s, 0);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min").arg(s / 60);
    if (s < 48 * 3600)
        return (s / 60) % 60 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60) : QStringLiteral("%1 h").arg(s / 3600);
    return (s / 3600) % 24 ? QStringLiteral("%1 days %2 h").arg(s / 86400).arg((s / 3600) % 24) : QStringLiteral("%1 days").arg(s / 86400);
}

BackupCard::BackupCard(QWidget *parent) : QGroupBox(QStringLiteral("Latest backup"), parent)
{
    setObjectName(QStringLiteral("backupCard"));
    m_none = new QLabel(QStringLiteral("No backup of this target in the catalog yet."));
    m_none->setObjectName(QStringLiteral("backupNone"));
    m_none->setWordWrap(true);

    m_facts = new QWidget;
    auto *form = new QFormLayout(m_facts);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_id = selectableLabel("backupId");
    m_age = selectableLabel("backupAge");
    m_size = selectableLabel("backupSize");
    m_sha = selectableLabel("backupSha");
    m_tables = selectableLabel("backupTables");
    m_restore = selectableLabel("backupRestoreTest");
    m_restoreIcon = new QLabel;
    m_restoreIcon->setObjectName(QStringLiteral("backupRestoreIcon"));
    m_restoreIcon->setFixedSize(16, 16);
    auto *restoreRow = new QHBoxLayout;
    restoreRow->addWidget(m_restoreIcon, 0, Qt::AlignTop);
    restoreRow->addWidget(m_restore, 1);
    form->addRow(QStringLiteral("Backup:"), m_id);
    form->addRow(QStringLiteral("Taken:"), m_age);
    form->addRow(QStringLiteral("Size:"), m_size);
    form->addRow(QStringLiteral("SHA-256:"), m_sha);
    form->addRow(QStringLiteral("Contents:"), m_tables);
    form->addRow(QStringLiteral("Restore test:"), restoreRow);

    m_restoreTest = new QCheckBox(QStringLiteral("&restore-test it"));
    m_restoreTest->setObjectName(QStringLiteral("restoreTestCheck"));
    m_restoreTest->setChecked(true);
    m_restoreTest->setToolTip(QStringLiteral("restore the new backup into a scratch database and count every table's rows against the catalog"));
    m_start = new QPushButton(QStringLiteral("&Back up now"));
    m_start->setObjectName(QStringLiteral("backupButton"));
    m_start->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_start->setToolTip(QStringLiteral("take a backup of the target now (Ctrl+B)"));
    m_cancel = new QPushButton(QStringLiteral("Cancel"));
    m_cancel->setObjectName(QStringLiteral("backupCancelButton"));
    m_cancel->setToolTip(QStringLiteral("stop the backup; no file is left and nothing is catalogued"));
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("backupProgress"));
    m_progress->setTextVisible(true);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("backupMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_restoreTest);
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_none);
    layout->addWidget(m_facts);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);

    connect(m_start, &QPushButton::clicked, this, [this] {
        m_message->clear();
        setRunning(true);
        m_progress->setFormat(QStringLiteral("starting…"));
        Q_EMIT backupRequested(m_restoreTest->isChecked());
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_progress->setFormat(QStringLiteral("cancelling…"));
        Q_EMIT cancelRequested();
    });
    // The age goes on growing while the panel is open.
    m_ageTimer.setInterval(30'000);
    connect(&m_ageTimer, &QTimer::timeout, this, &BackupCard::showAge);
    m_message->hide();
    setRunning(false);
    setBackup(std::nullopt, m_maxAgeHours);
}

void BackupCard::setBackup(const std::optional<BackupRecord> &backup, int maxAgeHours)
{
    m_backup = backup;
    m_maxAgeHours = maxAgeHours;
    m_none->setVisible(!backup);
    m_facts->setVisible(bool(backup));
    if (!backup) {
        m_ageTimer.stop();
        return;
    }
    const BackupRecord &b = *backup;
    m_id->setText(b.id);
    m_id->setToolTip(QStringLiteral("%1\n%2\n%3").arg(b.path, b.tool, b.serverVersion));
    m_size->setText(QStringLiteral("%1 (%2 bytes)").arg(humanSize(b.size), QLocale().toString(b.size)));
    m_sha->setText(b.sha256.left(16) + QStringLiteral("…"));
    m_sha->setToolTip(b.sha256);
    m_tables->setText(QStringLiteral("%1 table(s), %2 row(s)").arg(b.tables.size()).arg(QLocale().toString(b.totalRows())));
    QStringList perTable;
    for (const TableRows &t : b.tables)
        perTable << QStringLiteral("%1: %2").arg(t.table).arg(t.rows);
    m_tables->setToolTip(perTable.join(u'\n') + (b.detail.isEmpty() ? QString() : QStringLiteral("\n\n") + b.detail));

    const RestoreTestRecord &t = b.restoreTest;
    CheckLine asLine; // the same marks as the checklist
    asLine.verdict = t.status.isEmpty() ? QStringLiteral("not run") : t.status;
    const VerdictMark mark = verdictMark(asLine);
    m_restoreIcon->setPixmap(verdictIcon(mark).pixmap(16));
    if (t.status.isEmpty()) {
        m_restore->setText(QStringLiteral("never restore-tested"));
        m_restoreIcon->setToolTip(QStringLiteral("not restore-tested: nobody has proven this backup restores"));
    } else {
        m_restore->setText(QStringLiteral("%1 at %2%3").arg(t.status, localTime(t.at), t.detail.isEmpty() ? QString() : QStringLiteral(": ") + t.detail));
        m_restoreIcon->setToolTip(t.status == u"pass" ? QStringLiteral("restore test passed: the backup restored and every table's rows matched")
                                                      : QStringLiteral("restore test failed: ") + t.detail);
    }
    m_restore->setToolTip(m_restoreIcon->toolTip());
    showAge();
    m_ageTimer.start();
}

void BackupCard::showAge()
{
    if (!m_backup)
        return;
    const QDateTime created = QDateTime::fromString(m_backup->createdAt, Qt::ISODateWithMs);
    const qint64 age = created.secsTo(QDateTime::currentDateTimeUtc());
    const bool tooOld = age > qint64(m_maxAgeHours) * 3600;
    m_age->setText(QStringLiteral("%1 ago (%2)").arg(humanAge(age), localTime(m_backup->createdAt)));
    setTone(m_age, tooOld ? Tone::Alert : Tone::Normal);
    m_age->setProperty("tooOld", tooOld);
    m_age->setToolTip(tooOld ? QStringLiteral("older than the policy's %1 h: take a fresh backup before GO").arg(m_maxAgeHours)
                             : QStringLiteral("within the policy's %1 h").arg(m_maxAgeHours));
}

void BackupCard::setProgress(const RunEvent &e)
{
    if (e.type != RunEvent::Type::Progress)
        return;
    if (!m_running)
        setRunning(true); // a backup the console started elsewhere
    const QString task = e.check.isEmpty() ? QStringLiteral("backup") : e.check;
    if (e.rowsTotal > 0) {
        // Bytes overflow an int: the bar counts per mille.
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(std::clamp<qint64>(e.rowsDone * 1000 / e.rowsTotal, 0, 1000)));
        const QString amount = e.unit == u"bytes" ? QStringLiteral("%1 of %2").arg(humanSize(e.rowsDone), humanSize(e.rowsTotal))
                                                  : QStringLiteral("%1 of %2 %3").arg(e.rowsDone).arg(e.rowsTotal).arg(e.unit);
        m_progress->setFormat(QStringLiteral("%1: %2, %3 (%p%)").arg(task, e.message, amount));
    } else {
        m_progress->setRange(0, 0); // unknown total: the bar says it is busy
        const QString amount = e.rowsDone > 0 ? (e.unit == u"bytes" ? humanSize(e.rowsDone) : QStringLiteral("%1 %2").arg(e.rowsDone).arg(e.unit))
                                              : QString();
        m_progress->setFormat(amount.isEmpty() ? QStringLiteral("%1: %2").arg(task, e.message) : QStringLiteral("%1: %2, %3").arg(task, e.message, amount));
    }
}

void BackupCard::finished(bool ok, const QString &message)
{
    setRunning(false);
    m_message->setText(message);
    setTone(m_message, ok ? Tone::Good : Tone::Alert);
    m_message->setVisible(!message.isEmpty());
}

void BackupCard::setOtherWorkRunning(bool running)
{
    m_otherWork = running;
    updateButtons();
}

void BackupCard::setRunning(bool running)
{
    m_running = running;
    m_progress->setVisible(running);
    m_cancel->setVisible(running);
    m_cancel->setEnabled(running);
    if (running)
        m_progress->setRange(0, 0);
    updateButtons();
}

void BackupCard::updateButtons()
{
    m_start->setEnabled(!m_running && !m_otherWork);
    m_restoreTest->setEnabled(!m_running);
}

} // namespace mig::ui
