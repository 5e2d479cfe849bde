#include "MysqlDumpReader.h"

namespace mig {

namespace {

const QByteArray CreateTable = QByteArrayLiteral("CREATE TABLE `");
const QByteArray InsertInto = QByteArrayLiteral("INSERT INTO `");
const QByteArray DelimiterRoutines = QByteArrayLiteral("DELIMITER ;;\n");
const QByteArray DelimiterPlain = QByteArrayLiteral("DELIMITER ;\n");

} // namespace

TableRows *MysqlDumpReader::current()
{
    return m_current >= 0 ? &m_tables[m_current] : nullptr;
}

void MysqlDumpReader::lineStart(char c)
{
    m_head += c;
    if (c == '\n') {
        if (m_head == DelimiterRoutines)
            m_inRoutines = true;
        else if (m_head == DelimiterPlain)
            m_inRoutines = false;
        m_head.clear();
        return;
    }
    if (!m_inRoutines && (m_head == CreateTable || m_head == InsertInto)) {
        m_nameIsInsert = m_head == InsertInto;
        m_head.clear();
        m_name.clear();
        m_tickPending = false;
        m_state = State::Name;
        return;
    }
    // Still the start of something we read, or of a DELIMITER line?
    const auto prefixOf = [this](const QByteArray &whole) { return whole.startsWith(m_head); };
    if (!prefixOf(CreateTable) && !prefixOf(InsertInto) && !prefixOf(DelimiterRoutines) && !prefixOf(DelimiterPlain)) {
        m_head.clear();
        m_state = State::Skip;
    }
}

void MysqlDumpReader::nameEnded()
{
    const QString name = QString::fromUtf8(m_name);
    m_current = -1;
    for (qsizetype i = 0; i < m_tables.size(); ++i)
        if (m_tables.at(i).table == name)
            m_current = i;
    if (m_current < 0) {
        m_tables << TableRows{name, 0};
        m_current = m_tables.size() - 1;
        if (onTable && !m_nameIsInsert)
            onTable(int(m_tables.size()), name);
    }
    m_depth = 0;
    m_state = m_nameIsInsert ? State::Values : State::Skip;
}

void MysqlDumpReader::feed(const char *data, qint64 size)
{
    for (qint64 i = 0; i < size; ++i) {
        const char c = data[i];
        switch (m_state) {
        case State::LineStart:
            lineStart(c);
            break;
        case State::Skip:
            if (c == '\n')
                m_state = State::LineStart;
            break;
        case State::Name:
            if (m_tickPending) {
                m_tickPending = false;
                if (c == '`') { // a doubled backtick is one in the name
                    m_name += '`';
                    break;
                }
                nameEnded();
                --i; // this character belongs to what follows the name
                break;
            }
            if (c == '`')
                m_tickPending = true;
            else if (c == '\n')
                m_state = State::LineStart; // not what we expected: give up on this line
            else
                m_name += c;
            break;
        case State::Values:
            if (c == '\'') {
                m_state = State::String;
            } else if (c == '(') {
                if (m_depth++ == 0)
                    ++current()->rows;
            } else if (c == ')') {
                --m_depth;
            } else if (c == ';' && m_depth == 0) {
                m_state = State::Skip; // the statement ends; the rest of its line is not data
            }
            break;
        case State::String:
            if (c == '\\')
                m_state = State::Escape;
            else if (c == '\'')
                m_state = State::Values;
            break;
        case State::Escape:
            m_state = State::String;
            break;
        }
    }
}

} // namespace mig
