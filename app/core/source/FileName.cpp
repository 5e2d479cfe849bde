#include "FileName.h"

#include <QRegularExpression>

namespace mig {

std::optional<FileName> classifyFileName(const QString &fileName)
{
    if (!fileName.endsWith(u".sql", Qt::CaseInsensitive))
        return std::nullopt;

    // Most specific shapes first: "1_init.up.sql" would also pass as a numbered file.
    // The extension in any case (V2__x.SQL); dbmate also takes "20240101-name.sql" and a bare "20240101.sql".
    static const QRegularExpression golang(QStringLiteral("^(\\d+)_(.+)\\.(up|down)\\.(?i:sql)$"));
    static const QRegularExpression nativeExtra(QStringLiteral("^(\\d+)_(.+)\\.(rollback|verify)\\.(?i:sql)$"));
    static const QRegularExpression flyway(QStringLiteral("^([VU])(\\d+(?:[._]\\d+)*)__(.+)\\.(?i:sql)$"));
    static const QRegularExpression repeatable(QStringLiteral("^R__(.+)\\.(?i:sql)$"));
    static const QRegularExpression numbered(QStringLiteral("^(\\d+)(?:[_-](.*))?\\.(?i:sql)$"));

    FileName f;
    if (const auto m = golang.match(fileName); m.hasMatch()) {
        f.format = Format::GolangMigrate;
        f.role = m.captured(3) == u"up" ? FileName::Role::Up : FileName::Role::Down;
        f.version = m.captured(1);
        f.name = m.captured(2);
    } else if (const auto m = nativeExtra.match(fileName); m.hasMatch()) {
        f.format = Format::Native;
        f.role = m.captured(3) == u"rollback" ? FileName::Role::Down : FileName::Role::Verify;
        f.version = m.captured(1);
        f.name = m.captured(2);
    } else if (const auto m = flyway.match(fileName); m.hasMatch()) {
        f.format = Format::Flyway;
        f.role = m.captured(1) == u"V" ? FileName::Role::Up : FileName::Role::Down;
        f.version = m.captured(2).replace(u'_', u'.'); // shown as Flyway shows it: V1_1 is 1.1
        f.name = m.captured(3).replace(u'_', u' ');
    } else if (const auto m = repeatable.match(fileName); m.hasMatch()) {
        f.format = Format::Flyway;
        f.role = FileName::Role::Repeatable;
        f.name = m.captured(1).replace(u'_', u' ');
    } else if (const auto m = numbered.match(fileName); m.hasMatch()) {
        f.role = FileName::Role::Numbered;
        f.version = m.captured(1);
        f.name = m.captured(2);
    } else {
        f.role = FileName::Role::Other;
        f.name = fileName.chopped(4);
    }
    return f;
}

} // namespace mig
