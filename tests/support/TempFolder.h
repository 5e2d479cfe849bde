#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

// A throwaway migrations folder: tests write the files they need into it.
class TempFolder
{
public:
    TempFolder();
    QString path() const { return m_dir.path(); }
    QString file(const QString &name) const { return m_dir.filePath(name); }
    // Writes bytes as they are: tests control line endings, BOMs and encodings.
    void write(const QString &name, const QByteArray &content) const;

private:
    QTemporaryDir m_dir;
};

// Path of a file or folder under tests/data.
QString testData(const QString &relative);
