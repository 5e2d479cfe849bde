#pragma once
// Private to lint/: what a column type change means for the values already stored — whether the
// new type is narrower (some values may not fit: the SQL that finds them), and whether
// PostgreSQL rewrites the table for it.

#include "sql/Dialect.h"

#include <QString>

namespace mig::lint::detail {

struct TypeShape {
    enum class Family { Text, Integer, Decimal, Other };
    Family family = Family::Other;
    QString type;           // normalised (normalizeType)
    qint64 length = -1;     // Text: most characters; -1 unbounded
    long double min = 0;    // Integer: range
    long double max = 0;
    QString minText, maxText;
    int precision = -1;     // Decimal: -1 unconstrained
    int scale = 0;
};

// A type as normalizeType spells it, read.
TypeShape typeShape(Dialect dialect, const QString &normalizedType);

struct Narrowing {
    QString condition; // SQL true for a value that does not fit; empty: nothing can fail to fit
    QString what;      // "longer than 10 characters", "outside -32768..32767"
};

// column: the quoted column, as the condition will use it.
Narrowing narrowing(Dialect dialect, const TypeShape &from, const TypeShape &to, const QString &column);

// PostgreSQL: whether ALTER COLUMN TYPE from -> to rewrites the table (and its indexes). Widening
// a varchar, varchar -> text and raising a numeric's precision at the same scale do not.
bool postgresRewrites(const TypeShape &from, const TypeShape &to);

} // namespace mig::lint::detail
