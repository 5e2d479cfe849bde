// File names as the folder loader reads them: classified (layout, role, version, name), the
// versions parsed and ordered. The loader takes a classified name's version as parseable, and
// sorts migrations by version: both are checked here.
#include "FuzzTargets.h"

#include "source/FileName.h"
#include "source/Format.h"
#include "source/Version.h"

#include <QList>
#include <QString>

namespace migfuzz {

namespace {

int sign(int v)
{
    return (v > 0) - (v < 0);
}

// std::sort needs a strict weak order: irreflexive, antisymmetric and transitive.
Finding strictWeakOrder(const QList<mig::Version> &versions)
{
    for (const mig::Version &a : versions) {
        if (a.compare(a) != 0)
            return finding("version \"%s\" differs from itself", qPrintable(a.text()));
        for (const mig::Version &b : versions) {
            if (sign(a.compare(b)) != -sign(b.compare(a)))
                return finding("versions \"%s\" and \"%s\" compare inconsistently", qPrintable(a.text()), qPrintable(b.text()));
            for (const mig::Version &c : versions)
                if (a < b && b < c && !(a < c))
                    return finding("version order is not transitive: \"%s\" < \"%s\" < \"%s\"", qPrintable(a.text()),
                                   qPrintable(b.text()), qPrintable(c.text()));
        }
    }
    return {};
}

} // namespace

Finding fileNames(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    // A folder is ordered by one kind of version: parsed ones, or sql-migrate's ids.
    QList<mig::Version> versions, ids;
    // At most 12 names: the ordering checks are cubic.
    for (const QByteArray &raw : text.split('\n').mid(0, 12)) {
        const QString name = QString::fromUtf8(raw);
        const auto f = mig::classifyFileName(name);
        if (!f) {
            if (name.endsWith(u".sql", Qt::CaseInsensitive))
                return finding("a .sql name is not classified: %s", raw.constData());
            continue;
        }
        using Role = mig::FileName::Role;
        const bool versioned = f->role == Role::Up || f->role == Role::Down || f->role == Role::Verify || f->role == Role::Numbered;
        if (versioned) {
            // FolderLoader dereferences Version::parse() of these.
            const auto v = mig::Version::parse(f->version);
            if (!v)
                return finding("%s: version \"%s\" of a versioned name does not parse", raw.constData(), qPrintable(f->version));
            versions << *v;
        } else if (!f->version.isEmpty()) {
            return finding("%s: a repeatable or unversioned name has a version", raw.constData());
        }
        const bool layoutKnown = f->role != Role::Numbered && f->role != Role::Other;
        if (layoutKnown != f->format.has_value())
            return finding("%s: the layout is set for the wrong roles", raw.constData());
        if (f->format && mig::formatFromName(mig::formatName(*f->format)) != f->format)
            return finding("%s: layout name does not round-trip", raw.constData());
        ids << mig::Version::fromId(name, name.chopped(4));
    }
    if (Finding f = strictWeakOrder(versions))
        return f;
    return strictWeakOrder(ids);
}

} // namespace migfuzz
