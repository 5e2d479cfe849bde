# The console's targets (issue 6, part 1): the profile editor, the keychain, "test connection",
# the target list. Settings are per test (QSettings::setPath to a temp folder). The engine
# servers' ports are compiled in: mig_test's GUI tests already set ENVIRONMENT themselves.
set(MIG_UI_TARGETS_DEFS
  MIG_UI_PG_PORT=${MIG_PG_PORT}
  MIG_UI_MARIADB_PORT=${MIG_MARIADB_PORT}
  # The wrong-password case starts a PostgreSQL that checks passwords (the shared fixture trusts
  # everyone), socket only: it shares no TCP port with anything.
  MIG_UI_SERVERS_DIR="${MIG_SERVERS_DIR}"
  MIG_UI_PG_PASSWORD_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/ui/targets/pg_password_server.sh")

# Editor, password source and list on SQLite targets and in-memory secrets.
mig_test(test_ui_targets ui GUI SOURCES
  ui/targets/test_profile_dialog.cpp
  ui/targets/test_password_source.cpp
  ui/targets/test_targets_panel.cpp
  PROPERTIES TIMEOUT 120)
target_compile_definitions(test_ui_targets PRIVATE ${MIG_UI_TARGETS_DEFS})

mig_test(test_ui_targets_postgres integration-postgres GUI SOURCES ui/targets/test_targets_postgres.cpp
  PROPERTIES FIXTURES_REQUIRED postgres TIMEOUT 120)
target_compile_definitions(test_ui_targets_postgres PRIVATE ${MIG_UI_TARGETS_DEFS})

mig_test(test_ui_targets_mariadb integration-mysql GUI SOURCES ui/targets/test_targets_mariadb.cpp
  PROPERTIES FIXTURES_REQUIRED mariadb TIMEOUT 120)
target_compile_definitions(test_ui_targets_mariadb PRIVATE ${MIG_UI_TARGETS_DEFS})

# The editor with the real Secret Service (with-keyring.sh, as tests/keychain does), and
# without any (a session bus that does not exist): a clear error, no plain-text fallback.
mig_test(test_ui_targets_keychain integration-keychain GUI MANUAL SOURCES ui/targets/test_targets_keychain.cpp)
add_test(NAME ui.targets.keychain
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/servers/with-keyring.sh $<TARGET_FILE:test_ui_targets_keychain>
          --gtest_filter=ProfileDialogKeychain.ThePasswordLivesInTheRealSecretService)
set_tests_properties(ui.targets.keychain PROPERTIES LABELS integration-keychain TIMEOUT 60
  ENVIRONMENT QT_QPA_PLATFORM=offscreen)
add_test(NAME ui.targets.no-keychain
  COMMAND test_ui_targets_keychain --gtest_filter=ProfileDialogKeychain.WithoutASecretService*)
set_tests_properties(ui.targets.no-keychain PROPERTIES LABELS integration-keychain TIMEOUT 60
  ENVIRONMENT "QT_QPA_PLATFORM=offscreen;DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/migration-console-test-bus")
