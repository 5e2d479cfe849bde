# The whole console as a DBA uses it: the window, clicked through offscreen, on real targets.
mig_test(test_ui_console ui GUI SOURCES
  ui/console/ConsoleFixture.cpp
  ui/console/test_console_demo.cpp
  ui/console/test_console_runs.cpp
  ui/console/test_console_window.cpp
  ui/console/test_console_first_launch.cpp)
target_include_directories(test_ui_console PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/ui/console)
target_compile_definitions(test_ui_console PRIVATE MIG_DEMO_DIR="${PROJECT_SOURCE_DIR}/tests/data/feedback-sqlite"
  MIG_SQLITE_DEMO_DIR="${PROJECT_SOURCE_DIR}/migrations/sqlite-demo")
mig_test(test_ui_console_postgres integration-postgres GUI SOURCES
  ui/console/ConsoleFixture.cpp
  ui/console/test_console_postgres.cpp
  PROPERTIES FIXTURES_REQUIRED postgres TIMEOUT 300)
target_include_directories(test_ui_console_postgres PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/ui/console ${CMAKE_CURRENT_SOURCE_DIR}/integration)
target_link_libraries(test_ui_console_postgres PRIVATE Qt6::Sql)
# The port is compiled in: a GUI test's ENVIRONMENT already names the platform, and CTest keeps one.
target_compile_definitions(test_ui_console_postgres PRIVATE MIG_DEMO_DIR="${PROJECT_SOURCE_DIR}/tests/data/feedback-sqlite"
  MIG_TEST_PG_PORT_BUILT_IN="${MIG_PG_PORT}")
