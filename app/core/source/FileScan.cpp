#include "FileScan.h"

#include "LineReader.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace mig {

namespace {

struct DirectiveLine {
    Format family;
    enum class Kind { Up, Down, BlockBegin, BlockEnd, NoTransaction, Other } kind;
    bool noTransaction = false;
};

// Recognises the directive comments of dbmate, goose and sql-migrate.
std::optional<DirectiveLine> parseDirective(QByteArrayView line)
{
    const QByteArrayView t = line.trimmed();
    if (!t.startsWith("--") || (!t.contains("migrate") && !t.contains("goose") && !t.contains("gorp")))
        return std::nullopt;
    static const QRegularExpression dbmate(QStringLiteral("^--\\s*migrate:(up|down)\\b(.*)$"),
                                           QRegularExpression::CaseInsensitiveOption);
    // "+gorp" is sql-migrate's prefix before it was renamed.
    static const QRegularExpression tagged(QStringLiteral("^--\\s*\\+(goose|migrate|gorp)\\s+(.*?)\\s*$"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QString text = QString::fromUtf8(t);
    using K = DirectiveLine::Kind;
    if (const auto m = dbmate.match(text); m.hasMatch()) {
        const bool up = m.captured(1).compare(u"up", Qt::CaseInsensitive) == 0;
        const bool noTx = m.captured(2).contains(QStringLiteral("transaction:false"), Qt::CaseInsensitive);
        return DirectiveLine{Format::Dbmate, up ? K::Up : K::Down, noTx};
    }
    const auto m = tagged.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const Format family = m.captured(1).compare(u"goose", Qt::CaseInsensitive) == 0 ? Format::Goose : Format::SqlMigrate;
    const QStringList words = m.captured(2).toLower().split(u' ', Qt::SkipEmptyParts);
    const QString head = words.value(0);
    const bool noTx = words.contains(u"notransaction");
    if (head == u"up")
        return DirectiveLine{family, K::Up, noTx};
    if (head == u"down")
        return DirectiveLine{family, K::Down, noTx};
    if (head == u"statementbegin")
        return DirectiveLine{family, K::BlockBegin};
    if (head == u"statementend")
        return DirectiveLine{family, K::BlockEnd};
    if (head == u"no" && words.value(1) == u"transaction")
        return DirectiveLine{family, K::NoTransaction};
    return DirectiveLine{family, K::Other};
}

// "-- +tool Up" / "Down" of a tool that is not goose or sql-migrate; empty when it is none.
QString unknownToolDirective(QByteArrayView line)
{
    const QByteArrayView t = line.trimmed();
    if (!t.startsWith("--") || !t.contains('+'))
        return {};
    static const QRegularExpression re(QStringLiteral("^--\\s*\\+(\\w+)\\s+(up|down)\\b"), QRegularExpression::CaseInsensitiveOption);
    const QString text = QString::fromUtf8(t);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return {};
    const QString tool = m.captured(1).toLower();
    return tool == u"goose" || tool == u"migrate" || tool == u"gorp" ? QString() : text;
}

// Tells whether a line holds anything besides comments and whitespace; block comments may
// span lines. Quotes are not tracked: a line that opens one already holds SQL.
class SqlPresence
{
public:
    bool feed(QByteArrayView line)
    {
        bool sql = false;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (m_inComment) {
                if (c == '*' && i + 1 < line.size() && line[i + 1] == '/') {
                    m_inComment = false;
                    ++i;
                }
            } else if (c == '/' && i + 1 < line.size() && line[i + 1] == '*') {
                m_inComment = true;
                ++i;
            } else if (c == '-' && i + 1 < line.size() && line[i + 1] == '-') {
                break;
            } else if (c != ' ' && c != '\t' && c != '\f' && c != '\v') {
                sql = true;
            }
        }
        return sql;
    }

private:
    bool m_inComment = false;
};

} // namespace

QByteArray scriptChecksum(const ScriptRef &script, const QByteArray *bytes)
{
    LineReader reader = bytes ? LineReader(script, *bytes) : LineReader(script);
    if (!reader.open())
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (reader.next()) {
        hash.addData(reader.line());
        hash.addData("\n");
    }
    return reader.failed() ? QByteArray() : hash.result().toHex();
}

BlockMarker blockMarker(QByteArrayView line)
{
    const auto d = parseDirective(line);
    if (!d || (d->family != Format::Goose && d->family != Format::SqlMigrate))
        return BlockMarker::None;
    if (d->kind == DirectiveLine::Kind::BlockBegin)
        return BlockMarker::Begin;
    return d->kind == DirectiveLine::Kind::BlockEnd ? BlockMarker::End : BlockMarker::None;
}

FileScan scanFile(const QString &path, const QByteArray *bytes)
{
    FileScan scan;
    ScriptRef whole;
    whole.path = path;
    LineReader reader = bytes ? LineReader(whole, *bytes) : LineReader(whole);
    if (!reader.open()) {
        scan.error = QStringLiteral("cannot read the file: %1").arg(reader.errorString());
        return scan;
    }

    FileScan::Section current;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    SqlPresence presence;
    auto closeSection = [&](qint64 end) {
        current.end = end;
        current.checksum = hash.result().toHex();
        scan.sections << current;
        hash.reset();
        presence = SqlPresence();
    };

    while (reader.next()) {
        const QByteArray &line = reader.line();
        const int lineNo = reader.lineNumber();
        if (const QString tool = unknownToolDirective(line); !tool.isEmpty()) {
            // Read as plain SQL, its down part would run as part of the up.
            scan.error = QStringLiteral("\"%1\" is a directive of a migration tool migctl does not read; "
                                        "it will not run this file as plain SQL").arg(tool);
            scan.errorLine = lineNo;
            return scan;
        }
        if (const auto d = parseDirective(line)) {
            using K = DirectiveLine::Kind;
            if (scan.directiveFormat && *scan.directiveFormat != d->family) {
                scan.error = QStringLiteral("mixes %1 and %2 directives").arg(formatName(*scan.directiveFormat), formatName(d->family));
                scan.errorLine = lineNo;
                return scan;
            }
            scan.directiveFormat = d->family;
            if (d->kind == K::Up || d->kind == K::Down) {
                if (!scan.blocks.isEmpty() && scan.blocks.last().endLine == 0)
                    scan.directiveErrors << std::pair{lineNo, QStringLiteral("section starts inside the StatementBegin block opened at line %1").arg(scan.blocks.last().beginLine)};
                closeSection(reader.lineOffset());
                current = FileScan::Section{};
                current.kind = d->kind == K::Up ? FileScan::Section::Kind::Up : FileScan::Section::Kind::Down;
                current.begin = reader.position();
                current.firstLine = lineNo + 1;
                current.directiveLine = lineNo;
                current.noTransaction = d->noTransaction;
                continue;
            }
            if (d->kind == K::BlockBegin) {
                if (!scan.blocks.isEmpty() && scan.blocks.last().endLine == 0)
                    scan.directiveErrors << std::pair{lineNo, QStringLiteral("StatementBegin inside the block opened at line %1").arg(scan.blocks.last().beginLine)};
                else
                    scan.blocks << FileScan::Block{lineNo, 0};
            } else if (d->kind == K::BlockEnd) {
                if (scan.blocks.isEmpty() || scan.blocks.last().endLine != 0)
                    scan.directiveErrors << std::pair{lineNo, QStringLiteral("StatementEnd without a StatementBegin")};
                else
                    scan.blocks.last().endLine = lineNo;
            } else if (d->kind == K::NoTransaction) {
                scan.gooseNoTransaction = true;
            }
        }
        hash.addData(line);
        hash.addData("\n");
        if (presence.feed(line) && current.firstSqlLine == 0)
            current.firstSqlLine = lineNo;
    }
    if (reader.failed()) {
        scan.error = reader.errorString();
        scan.errorLine = reader.errorLine();
        return scan;
    }
    closeSection(-1);
    if (scan.sections.size() > 1 && scan.sections.first().kind == FileScan::Section::Kind::Whole)
        scan.sections.first().kind = FileScan::Section::Kind::Preamble;
    for (const FileScan::Block &b : std::as_const(scan.blocks))
        if (b.endLine == 0)
            scan.directiveErrors << std::pair{b.beginLine, QStringLiteral("StatementBegin has no matching StatementEnd")};
    return scan;
}

} // namespace mig
