// A whole migration folder through `migctl plan`'s path (planFolder: layout detection, file
// names, directives, Flyway .conf files, grouping, duplicates, splitting every script).
//
// Input: the first byte picks the forced layout (or detection) and the dialect; then each line
// "=== NAME" starts a file whose content is the lines up to the next such line, and
// "=== NAME -> TARGET" makes a symbolic link. NAME may hold '/' (Flyway reads subfolders).
#include "FuzzTargets.h"

#include "plan/FolderPlan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <unistd.h>

namespace migfuzz {

namespace {

constexpr int MaxFiles = 24;

// A path inside the folder: relative, no "." or ".." parts, a few levels at most.
bool safeRelativePath(const QString &name)
{
    const QStringList parts = name.split(u'/');
    if (parts.size() > 4)
        return false;
    return std::none_of(parts.begin(), parts.end(), [](const QString &p) { return p.isEmpty() || p == u"." || p == u".."; });
}

// Writes the folder the input describes; returns how many entries it made.
int writeFolder(const QString &dir, QByteArrayView text)
{
    int made = 0;
    QFile *open = nullptr;
    QFile file;
    for (QByteArrayView rest = text; !rest.isEmpty();) {
        const qsizetype nl = rest.indexOf('\n');
        const QByteArrayView line = nl < 0 ? rest : rest.first(nl + 1);
        rest = rest.sliced(line.size());
        if (!line.startsWith("=== ")) {
            if (open)
                open->write(line.data(), line.size());
            continue;
        }
        if (open)
            open->close();
        open = nullptr;
        if (made == MaxFiles)
            break;
        // Names as the file system stores them: UTF-8 (a NUL would end the name early).
        const QString header = QString::fromUtf8(line.sliced(4)).chopped(line.endsWith('\n') ? 1 : 0);
        const qsizetype arrow = header.indexOf(QStringLiteral(" -> "));
        const QString name = arrow < 0 ? header : header.first(arrow);
        if (name.contains(QChar(0)) || !safeRelativePath(name) || QFileInfo::exists(dir + u'/' + name))
            continue;
        const QString path = dir + u'/' + name;
        QDir().mkpath(QFileInfo(path).path());
        ++made;
        if (arrow >= 0) {
            const QString target = header.sliced(arrow + 4);
            // Out of the folder at most one level (into the fuzzer's own scratch folder).
            if (!target.startsWith(u'/') && !target.contains(QStringLiteral("../..")) && !target.contains(QChar(0)))
                (void)::symlink(QFile::encodeName(target).constData(), QFile::encodeName(path).constData());
            continue;
        }
        file.setFileName(path);
        if (file.open(QIODevice::WriteOnly))
            open = &file;
    }
    if (open)
        open->close();
    return made;
}

// Whether a problem's file is one of the folder's (also through a link to a subfolder). Names
// with control characters are shown escaped ("\x07"), and cannot be looked up.
bool named(const QString &dir, const QString &file)
{
    const QFileInfo info(dir + u'/' + file);
    return info.exists() || info.isSymLink() || file.contains(u'\\');
}

Finding checkPlan(const mig::FolderPlan &plan, const QString &dir)
{
    for (const mig::Problem &p : plan.folder.problems) {
        if (p.message.isEmpty() || p.line < 0)
            return finding("problem with line %d and message \"%s\"", p.line, qPrintable(p.message));
        if (!p.file.isEmpty() && !named(dir, p.file))
            return finding("problem names a file that is not there: %s: %s", qPrintable(p.file), qPrintable(p.message));
    }
    QSet<QString> files;
    for (qsizetype i = 0; i < plan.migrations.size(); ++i) {
        const mig::Migration &m = plan.migrations[i].migration;
        if (i > 0 && m < plan.migrations[i - 1].migration)
            return finding("migrations out of order: %s after %s", qPrintable(m.file), qPrintable(plan.migrations[i - 1].migration.file));
        if (files.contains(m.file))
            return finding("%s is two migrations", qPrintable(m.file));
        files.insert(m.file);
        if (m.repeatable == !m.version.isEmpty() || m.up.isNull() || !QFileInfo::exists(m.up.path))
            return finding("%s: version \"%s\", up script \"%s\"", qPrintable(m.file), qPrintable(m.version.text()), qPrintable(m.up.path));
        if (!isSha256Hex(m.checksum))
            return finding("%s: checksum \"%s\"", qPrintable(m.file), m.checksum.constData());
        for (const mig::ScriptRef *s : {&m.up, &m.down, &m.verify})
            for (qsizetype k = 0; k < s->spans.size(); ++k)
                if (s->spans[k].firstLine < 1 || (k > 0 && s->spans[k].begin < s->spans[k - 1].end))
                    return finding("%s: span %lld of %s starts at line %d", qPrintable(m.file), static_cast<long long>(k),
                                   qPrintable(s->path), s->spans[k].firstLine);
        if (plan.migrations[i].statements < 0 || plan.migrations[i].downStatements < 0)
            return finding("%s: negative statement count", qPrintable(m.file));
    }
    if (mig::planToJson(plan).value(u"schema").toString() != u"migctl.plan/1")
        return finding("plan JSON without its schema");
    return {};
}

} // namespace

Finding folder(const uint8_t *data, size_t size)
{
    if (size < 1)
        return {};
    static const mig::Format formats[] = {mig::Format::Native, mig::Format::Flyway, mig::Format::GolangMigrate,
                                          mig::Format::Dbmate, mig::Format::Goose, mig::Format::SqlMigrate};
    const int choice = data[0] % 7;
    const std::optional<mig::Format> forced = choice == 0 ? std::nullopt : std::optional(formats[choice - 1]);
    const mig::Dialect dialect = mig::Dialect((data[0] / 7) % 3);

    const QString dir = scratchDir() + QStringLiteral("/folder");
    QDir(dir).removeRecursively();
    if (!QDir().mkpath(dir))
        return finding("cannot make %s", qPrintable(dir));
    writeFolder(dir, QByteArrayView(data + 1, qsizetype(size - 1)));
    const mig::FolderPlan plan = mig::planFolder(dir, dialect, forced);
    Finding f = checkPlan(plan, dir);
    QDir(dir).removeRecursively();
    return f;
}

} // namespace migfuzz
