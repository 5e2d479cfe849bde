#include "FolderLoader.h"

#include "FileName.h"
#include "FileScan.h"
#include "FolderListing.h"
#include "LineReader.h"
#include "PrintableText.h"
#include "SourceFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <map>


namespace mig {

namespace {

using Kind = FileScan::Section::Kind;

// One .sql file of the folder, read once.
struct Candidate {
    QString file; // name relative to the folder
    QString path;
    FileName name;
    FileScan scan;
    Format format = Format::Native;
};

// The files that make up one versioned migration.
struct Group {
    QList<const Candidate *> ups, downs, verifies;
};

class Loader
{
public:
    Loader(FolderLoadResult &result, SourceFiles &files)
        : r(result)
        , m_files(files)
    {
    }

    void run(std::optional<Format> forced);

private:
    void error(const QString &file, int line, const QString &message)
    {
        r.problems << Problem{Problem::Severity::Error, file, line, message};
    }
    void warning(const QString &file, int line, const QString &message)
    {
        r.problems << Problem{Problem::Severity::Warning, file, line, message};
    }

    QList<Candidate> readCandidates(const QList<ListedFile> &entries, bool topLevel, QStringList &goFiles);
    QList<ListedFile> nestedFlywayFiles();
    Format chooseLayout(const QList<Candidate> &all, std::optional<Format> forced);
    void addGroup(const Version &version, const Group &g);
    void addSingleFile(const Candidate &c);
    ScriptRef wholeFile(const Candidate &c, bool transactional) const;
    bool flywayNonTransactional(const Candidate &c);
    QByteArray spreadChecksum(const ScriptRef &script);

    FolderLoadResult &r;
    SourceFiles &m_files;
    QStringList m_nestedOthers; // .sql files in subfolders that are not Flyway migrations
};

Format majorityFormat(const QList<Candidate> &all)
{
    std::map<Format, int> counts;
    for (const Candidate &c : all)
        ++counts[c.format];
    return std::max_element(counts.begin(), counts.end(), [](const auto &a, const auto &b) { return a.second < b.second; })->first;
}

const FileScan::Section &wholeSection(const Candidate &c)
{
    return c.scan.sections.first();
}

std::optional<Format> resolveFormat(const FileName &name, const FileScan &scan)
{
    if (name.format)
        return name.format;
    if (scan.directiveFormat)
        return scan.directiveFormat;
    if (name.role == FileName::Role::Numbered)
        return Format::Native;
    return std::nullopt;
}

QString directiveExample(Format f)
{
    switch (f) {
    case Format::Dbmate: return QStringLiteral("-- migrate:up");
    case Format::Goose: return QStringLiteral("-- +goose Up");
    case Format::SqlMigrate: return QStringLiteral("-- +migrate Up");
    default: return {};
    }
}

// Flyway, unlike the other tools, also reads the folder's subfolders (db/migration/v1/...):
// the Flyway migrations found there, and the other .sql files it would skip.
QList<ListedFile> Loader::nestedFlywayFiles()
{
    QList<ListedFile> entries;
    const QDir dir(r.dir);
    QDirIterator nested(r.dir, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (nested.hasNext()) {
        const QDir sub(nested.next());
        m_files.folderListed(QDir::cleanPath(sub.absolutePath()));
        for (const QFileInfo &info : sub.entryInfoList(QDir::Files | QDir::System | QDir::NoDotAndDotDot, QDir::Name)) {
            const auto name = classifyFileName(info.fileName());
            if (name && name->format == Format::Flyway)
                entries << ListedFile{dir.relativeFilePath(info.absoluteFilePath()), info.absoluteFilePath(), false, info};
            else if (name)
                m_nestedOthers << dir.relativeFilePath(info.absoluteFilePath());
        }
    }
    return entries;
}

QList<Candidate> Loader::readCandidates(const QList<ListedFile> &entries, bool topLevel, QStringList &goFiles)
{
    QList<Candidate> out;
    const QString root = QFileInfo(r.dir).canonicalFilePath() + u'/';
    m_files.reserve(entries.size());
    for (const ListedFile &entry : entries) {
        const QString &file = entry.file;
        const QString fileName = topLevel ? file : entry.info->fileName();
        // File names reach plans, messages and reports: one holding a newline or an escape
        // sequence could forge a line or recolour a terminal. Such a name is shown escaped.
        if (fileName.endsWith(u".sql", Qt::CaseInsensitive)) {
            if (hasControlCharacters(file)) {
                error(printableText(file), 0, QStringLiteral("the file name holds control characters (shown escaped): rename the file"));
                continue;
            }
        }
        const auto name = classifyFileName(fileName);
        if (!name) {
            if (file.endsWith(u".go") && !file.endsWith(u"_test.go"))
                goFiles << file;
            continue;
        }
        // A plain file of the folder itself (the listing says so) needs none of these checks.
        if (!(topLevel && entry.plainFile)) {
            const QFileInfo info = entry.info.value_or(QFileInfo(entry.path));
            if (!info.exists()) {
                error(file, 0, QStringLiteral("cannot read the file: it is a broken symbolic link to %1").arg(info.symLinkTarget()));
                continue;
            }
            // What is reviewed is the folder: a symbolic link (to a file, or to a subfolder) that
            // leads outside it would run a script nobody reviewing the folder sees.
            if (const QString real = info.canonicalFilePath(); !real.startsWith(root)) {
                error(file, 0, QStringLiteral("leads through a symbolic link to %1, outside the migrations folder: migctl runs only "
                                              "files inside the folder; copy the file in instead").arg(printableText(real)));
                continue;
            }
            if (!info.isFile()) { // a FIFO or device would block or never end
                error(file, 0, QStringLiteral("not a regular file"));
                continue;
            }
        }
        Candidate c{file, entry.path, *name, m_files.scan(entry.path)};
        if (!c.scan.error.isEmpty()) {
            error(file, c.scan.errorLine, c.scan.error);
            continue;
        }
        const auto format = resolveFormat(c.name, c.scan);
        if (!format) {
            // beforeMigrate.sql, afterEachMigrate__Describe_tables.sql, ...
            static const QRegularExpression callback(QStringLiteral("^(before|after)[A-Za-z]*(__.+)?\\.sql$"));
            if (callback.match(file).hasMatch())
                warning(file, 0, QStringLiteral("Flyway callback scripts are not run by migctl"));
            else
                error(file, 0, QStringLiteral("the file name matches no migration layout (expected e.g. "
                                              "001_name.sql, V1__name.sql, 1_name.up.sql); it would never run"));
            continue;
        }
        if ((*format == Format::Dbmate || *format == Format::Goose) && c.name.role != FileName::Role::Numbered) {
            error(file, 0, QStringLiteral("%1 file names must start with a version number (e.g. 20240101120000_%2.sql)")
                               .arg(formatName(*format), c.name.name));
            continue;
        }
        c.format = *format;
        out << std::move(c);
    }
    return out;
}

Format Loader::chooseLayout(const QList<Candidate> &all, std::optional<Format> forced)
{
    std::map<Format, QStringList> byFormat;
    for (const Candidate &c : all)
        byFormat[c.format] << c.file;
    const Format layout = forced.value_or(majorityFormat(all));
    if (!forced) {
        if (byFormat.size() > 1) {
            QStringList parts;
            for (const auto &[f, files] : byFormat)
                parts << QStringLiteral("%1 (%2 file%3, e.g. %4)")
                             .arg(formatName(f))
                             .arg(files.size())
                             .arg(files.size() == 1 ? QString() : QStringLiteral("s"), files.first());
            error(QString(), 0, QStringLiteral("two layouts mixed in one folder: %1; reading it as %2")
                                    .arg(parts.join(QStringLiteral(" and ")), formatName(layout)));
        }
    }
    for (const Candidate &c : all) {
        if (c.format == layout)
            continue;
        QString hint;
        if (c.format == Format::Native && !directiveExample(layout).isEmpty())
            hint = QStringLiteral(" (no \"%1\" line?)").arg(directiveExample(layout));
        error(c.file, 0, QStringLiteral("this is a %1 migration, but the folder is read as %2%3")
                             .arg(formatName(c.format), formatName(layout), hint));
    }
    return layout;
}

ScriptRef Loader::wholeFile(const Candidate &c, bool transactional) const
{
    ScriptRef s;
    s.path = c.path;
    s.transactional = transactional;
    return s;
}

// The checksum of an up script in several sections (sql-migrate): read from the file's bytes,
// and cached with them.
QByteArray Loader::spreadChecksum(const ScriptRef &script)
{
    QByteArray key = QByteArrayLiteral("checksum");
    for (const ScriptRef::Span &s : script.spans)
        key += ' ' + QByteArray::number(s.begin) + ':' + QByteArray::number(s.end) + ':' + QByteArray::number(s.firstLine);
    return m_files.derived(script.path, key, [&script](const QByteArray *bytes) { return scriptChecksum(script, bytes); });
}

// Flyway reads per-script settings from "<script>.conf" next to it.
bool Loader::flywayNonTransactional(const Candidate &c)
{
    QFile conf(c.path + QStringLiteral(".conf"));
    if (!conf.exists())
        return false;
    if (!conf.open(QIODevice::ReadOnly | QIODevice::Text)) {
        error(c.file + QStringLiteral(".conf"), 0, QStringLiteral("cannot read: %1").arg(conf.errorString()));
        return false;
    }
    static const QRegularExpression setting(QStringLiteral("^\\s*executeInTransaction\\s*=\\s*false\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    while (!conf.atEnd())
        if (setting.match(QString::fromUtf8(conf.readLine(4096))).hasMatch()) // a setting is short; never a whole file
            return true;
    return false;
}

void Loader::addGroup(const Version &version, const Group &g)
{
    if (g.ups.isEmpty()) {
        for (const Candidate *c : g.downs + g.verifies)
            error(c->file, 0, QStringLiteral("%1 script for version %2, but there is no up migration with that version")
                                  .arg(c->name.role == FileName::Role::Verify ? QStringLiteral("verify") : QStringLiteral("rollback"),
                                       version.text()));
        return;
    }
    bool ok = true;
    for (const auto *list : {&g.ups, &g.downs, &g.verifies}) {
        if (list->size() < 2)
            continue;
        QStringList files;
        for (const Candidate *c : *list)
            files << c->file;
        for (const Candidate *c : *list)
            error(c->file, 0, QStringLiteral("duplicate version %1: %2").arg(version.text(), files.join(u", ")));
        ok = false;
    }
    if (!ok)
        return;

    const Candidate &up = *g.ups.first();
    const FileScan::Section &upSection = wholeSection(up);
    if (upSection.firstSqlLine == 0) {
        error(up.file, 0, QStringLiteral("empty migration: the file holds no SQL"));
        return;
    }
    Migration m;
    m.version = version;
    m.name = up.name.name;
    m.format = up.format;
    m.file = up.file;
    m.up = wholeFile(up, !(up.format == Format::Flyway && flywayNonTransactional(up)));
    m.checksum = upSection.checksum;
    if (!g.downs.isEmpty()) {
        const Candidate &down = *g.downs.first();
        if (wholeSection(down).firstSqlLine == 0)
            warning(down.file, 0, QStringLiteral("the rollback script holds no SQL: this migration has no rollback"));
        else
            m.down = wholeFile(down, !(down.format == Format::Flyway && flywayNonTransactional(down)));
    }
    if (!g.verifies.isEmpty()) {
        const Candidate &verify = *g.verifies.first();
        if (wholeSection(verify).firstSqlLine == 0)
            warning(verify.file, 0, QStringLiteral("the verify script holds no SQL"));
        else
            m.verify = wholeFile(verify, true);
    }
    r.migrations << m;
}

// dbmate, goose and sql-migrate keep up and down in one file, in sections.
void Loader::addSingleFile(const Candidate &c)
{
    const FileScan &scan = c.scan;
    const QString up = directiveExample(c.format);
    // sql-migrate switches direction at every annotation, so a direction may have several
    // sections; dbmate and goose allow one of each.
    const bool manySections = c.format == Format::SqlMigrate;
    bool ok = true;
    for (const auto &[line, message] : scan.directiveErrors) {
        error(c.file, line, message);
        ok = false;
    }
    QList<const FileScan::Section *> ups, downs;
    for (const FileScan::Section &s : scan.sections) {
        if (s.kind == Kind::Whole || s.kind == Kind::Preamble) {
            if (s.firstSqlLine) {
                error(c.file, s.firstSqlLine, QStringLiteral("SQL outside any section: it comes before \"%1\"").arg(up));
                ok = false;
            }
            continue;
        }
        QList<const FileScan::Section *> &list = s.kind == Kind::Up ? ups : downs;
        if (!list.isEmpty() && !manySections) {
            error(c.file, s.directiveLine, QStringLiteral("a second %1 section (the first starts at line %2)")
                                               .arg(s.kind == Kind::Up ? QStringLiteral("up") : QStringLiteral("down"))
                                               .arg(list.first()->directiveLine));
            ok = false;
        }
        list << &s;
    }
    auto holdsSql = [](const QList<const FileScan::Section *> &sections) {
        return std::any_of(sections.begin(), sections.end(), [](const auto *s) { return s->firstSqlLine != 0; });
    };
    if (ups.isEmpty()) {
        error(c.file, downs.isEmpty() ? 0 : downs.first()->directiveLine,
              downs.isEmpty() ? QStringLiteral("no \"%1\" line: the file has no up section").arg(up)
                              : QStringLiteral("a down section without an up section (no \"%1\" line)").arg(up));
        return;
    }
    if (!holdsSql(ups)) {
        error(c.file, ups.first()->directiveLine, QStringLiteral("empty migration: the up section holds no SQL"));
        ok = false;
    }
    if (!ok)
        return;

    const QByteArray tag = c.format == Format::Goose ? QByteArrayLiteral("goose")
                          : c.format == Format::SqlMigrate ? QByteArrayLiteral("migrate") : QByteArray();
    auto refTo = [&](const QList<const FileScan::Section *> &sections) {
        ScriptRef ref;
        ref.path = c.path;
        ref.spans.clear();
        ref.transactional = !scan.gooseNoTransaction;
        for (const FileScan::Section *s : sections) {
            ref.spans << ScriptRef::Span{s->begin, s->end, s->firstLine};
            ref.transactional = ref.transactional && !s->noTransaction; // one notransaction covers the direction
        }
        ref.blockTag = tag;
        return ref;
    };
    Migration m;
    m.version = c.format == Format::SqlMigrate ? Version::fromId(c.file, c.file.chopped(4))
                                               : Version::parse(c.name.version).value_or(Version());
    if (c.format == Format::Goose && m.version == Version::parse(QStringLiteral("0")).value()) {
        error(c.file, 0, QStringLiteral("goose migration versions must be greater than zero"));
        return;
    }
    m.name = c.name.name;
    m.format = c.format;
    m.file = c.file;
    m.up = refTo(ups);
    m.checksum = ups.size() == 1 ? ups.first()->checksum : spreadChecksum(m.up);
    if (!downs.isEmpty()) {
        if (!holdsSql(downs))
            warning(c.file, downs.first()->directiveLine, QStringLiteral("the down section holds no SQL: this migration has no rollback"));
        else
            m.down = refTo(downs);
    }
    r.migrations << m;
}

void Loader::run(std::optional<Format> forced)
{
    // Broken symbolic links are listed too, so they can be reported; so are the .sql names that
    // are not UTF-8, which would otherwise never run with nothing said.
    const FolderListing top = listFolder(r.dir);
    for (const QString &shown : top.undecodableSql)
        error(printableText(shown), 0, QStringLiteral("the file name is not valid UTF-8 (its bytes shown as \\xNN): rename the file"));
    m_files.folderListed(QDir::cleanPath(r.dir));
    QStringList goFiles;
    QList<Candidate> all = readCandidates(top.files, true, goFiles);
    // Subfolders count only for Flyway: an archived V1__x.sql under a native folder is not a migration.
    if (forced ? *forced == Format::Flyway : (all.isEmpty() || majorityFormat(all) == Format::Flyway))
        all += readCandidates(nestedFlywayFiles(), false, goFiles);
    if (all.isEmpty() && r.problems.isEmpty()) {
        r.format = forced;
        warning(QString(), 0, QStringLiteral("no migration files in the folder"));
        return;
    }
    const Format layout = all.isEmpty() ? forced.value_or(Format::Native) : chooseLayout(all, forced);
    r.format = layout;
    if (layout == Format::Flyway)
        for (const QString &file : std::as_const(m_nestedOthers))
            warning(file, 0, QStringLiteral("in a subfolder, the name matches no Flyway migration (V<ver>__<desc>.sql): Flyway and migctl skip it"));
    if (layout == Format::Goose)
        for (const QString &go : std::as_const(goFiles))
            error(go, 0, QStringLiteral("goose Go migrations cannot be run by migctl; this migration would be skipped"));

    std::map<Version, Group> groups;
    std::map<Version, QStringList> singleFileVersions;
    std::map<QString, QStringList> repeatables;
    for (const Candidate &c : all) {
        if (c.format != layout)
            continue;
        if (c.name.role == FileName::Role::Repeatable) {
            repeatables[c.name.name] << c.file;
            if (wholeSection(c).firstSqlLine == 0) {
                error(c.file, 0, QStringLiteral("empty migration: the file holds no SQL"));
                continue;
            }
            Migration m;
            m.name = c.name.name;
            m.format = c.format;
            m.repeatable = true;
            m.file = c.file;
            m.up = wholeFile(c, !flywayNonTransactional(c));
            m.checksum = wholeSection(c).checksum;
            r.migrations << m;
            continue;
        }
        if (layout == Format::Dbmate || layout == Format::Goose || layout == Format::SqlMigrate) {
            if (layout != Format::SqlMigrate)
                singleFileVersions[*Version::parse(c.name.version)] << c.file;
            addSingleFile(c);
            continue;
        }
        const Version v = *Version::parse(c.name.version);
        Group &g = groups[v];
        switch (c.name.role) {
        case FileName::Role::Down: g.downs << &c; break;
        case FileName::Role::Verify: g.verifies << &c; break;
        default: g.ups << &c; break;
        }
    }
    for (const auto &[version, g] : groups)
        addGroup(version, g);
    // Flyway refuses two repeatable migrations with one description (they may sit in subfolders).
    for (const auto &[name, files] : repeatables) {
        if (files.size() < 2)
            continue;
        for (const QString &f : files)
            error(f, 0, QStringLiteral("more than one repeatable migration described \"%1\": %2").arg(name, files.join(u", ")));
        const QStringList &dropped = files; // structured bindings cannot be captured before clang 16
        r.migrations.removeIf([&dropped](const Migration &m) { return dropped.contains(m.file); });
    }
    // Two single-file migrations with one version: neither can be trusted to be "the" one.
    for (const auto &[version, files] : singleFileVersions) {
        if (files.size() < 2)
            continue;
        for (const QString &f : files)
            error(f, 0, QStringLiteral("duplicate version %1: %2").arg(version.text(), files.join(u", ")));
        const QStringList &dropped = files; // structured bindings cannot be captured before clang 16
        r.migrations.removeIf([&dropped](const Migration &m) { return dropped.contains(m.file); });
    }
    // Mostly in order already (groups come by version): checking costs n comparisons, sorting
    // 10,000 migrations again a few hundred thousand.
    if (!std::is_sorted(r.migrations.cbegin(), r.migrations.cend()))
        std::sort(r.migrations.begin(), r.migrations.end());
}

} // namespace

bool FolderLoadResult::hasErrors() const
{
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem &p) { return p.severity == Problem::Severity::Error; });
}

FolderLoadResult loadMigrationFolder(const QString &dir, std::optional<Format> forced, SourceFiles *files)
{
    FolderLoadResult result;
    const QFileInfo info(dir);
    result.dir = info.absoluteFilePath();
    result.formatForced = forced.has_value();
    if (!info.exists()) {
        result.problems << Problem{Problem::Severity::Error, QString(), 0, QStringLiteral("the folder %1 does not exist").arg(dir)};
        return result;
    }
    if (!info.isDir() || !info.isReadable()) {
        result.problems << Problem{Problem::Severity::Error, QString(), 0,
                                   QStringLiteral("%1 is not a readable folder").arg(dir)};
        return result;
    }
    SourceFiles own;
    Loader(result, files ? *files : own).run(forced);
    return result;
}

} // namespace mig
