# The migrations view (issue 6, part 2): its table, filter and per-migration tabs, on ProjectStates
# read from a real SQLite target the engine applied, failed, previewed and verified.
mig_test(test_ui_migrations ui GUI SOURCES
  ui/migrations/test_migrations_table.cpp
  ui/migrations/test_migration_tabs.cpp
  ui/migrations/test_dark_palette.cpp
  ui/migrations/test_code_views.cpp
  PROPERTIES TIMEOUT 120)
target_link_libraries(test_ui_migrations PRIVATE SQLite::SQLite3)
