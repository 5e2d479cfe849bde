#pragma once

#include <QJsonObject>
#include <QStringList>

// A validator for the subset of JSON Schema (2020-12) the report schemas use: type (one or a
// list; "integer" is a number without a fraction), const, enum, properties, required,
// additionalProperties: false, items, minimum, and $ref to "#/$defs/NAME" in the same schema.
// Any other keyword in the schema is reported as unsupported, so the subset cannot silently grow.
// Returns one line per violation ("/summary/errors: expected integer, got string"); none: valid.
QStringList validateJson(const QJsonValue &value, const QJsonObject &schema);
