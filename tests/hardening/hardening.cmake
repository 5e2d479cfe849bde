# Hardening (issue 10): TLS, secrets and hostile input. One PostgreSQL and one MariaDB set up as
# production is - TLS with a CA the fixture makes (openssl), password authentication - serve the
# three (tests/hardening/servers.sh); their ports sit 25 above the shared fixtures' by default.
math(EXPR MIG_HARDENING_PG_PORT_DEFAULT "${MIG_PG_PORT} + 25")
math(EXPR MIG_HARDENING_MARIADB_PORT_DEFAULT "${MIG_MARIADB_PORT} + 25")
set(MIG_HARDENING_PG_PORT ${MIG_HARDENING_PG_PORT_DEFAULT} CACHE STRING "Port of the TLS + password PostgreSQL of the hardening tests")
set(MIG_HARDENING_MARIADB_PORT ${MIG_HARDENING_MARIADB_PORT_DEFAULT} CACHE STRING "Port of the TLS + password MariaDB of the hardening tests")
set(MIG_HARDENING_DIR ${MIG_SERVERS_DIR}/hardening)

add_test(NAME server.hardening.start
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/hardening/servers.sh start ${MIG_HARDENING_DIR} ${MIG_HARDENING_PG_PORT} ${MIG_HARDENING_MARIADB_PORT})
add_test(NAME server.hardening.stop
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/hardening/servers.sh stop ${MIG_HARDENING_DIR})
set_tests_properties(server.hardening.start PROPERTIES FIXTURES_SETUP hardening-servers LABELS "tls;secrets;hostile" TIMEOUT 120)
set_tests_properties(server.hardening.stop PROPERTIES FIXTURES_CLEANUP hardening-servers LABELS "tls;secrets;hostile")

function(mig_hardening_test name)
  target_link_libraries(${name} PRIVATE Qt6::Sql)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/integration ${CMAKE_CURRENT_SOURCE_DIR}/backup)
  add_dependencies(${name} migctl)
endfunction()

# TLS through the engine and `migctl status`: verify-full, require, a wrong CA, a host name the
# certificate does not name; MariaDB's CA, ssl-mode=required, and its known host-name limit.
mig_test(test_hardening_tls tls SOURCES hardening/test_tls.cpp
  PROPERTIES FIXTURES_REQUIRED hardening-servers ENVIRONMENT MIG_HARDENING_DIR=${MIG_HARDENING_DIR} TIMEOUT 120)
mig_hardening_test(test_hardening_tls)

# Secrets: a production-style run through migctl with the password in a real Secret Service
# (gnome-keyring on a private D-Bus, as tests/keychain does), then the password searched for in
# every file under HOME, every output and every client program's arguments; one entry per engine.
mig_test(test_hardening_secrets secrets MANUAL SOURCES hardening/test_secrets.cpp)
mig_hardening_test(test_hardening_secrets)
foreach(engine Postgres Mariadb)
  string(TOLOWER ${engine} lower)
  add_test(NAME hardening.secrets.${lower}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/servers/with-keyring.sh $<TARGET_FILE:test_hardening_secrets>
            --gtest_filter=Secrets.${engine}*)
  set_tests_properties(hardening.secrets.${lower} PROPERTIES LABELS secrets TIMEOUT 240
    FIXTURES_REQUIRED hardening-servers ENVIRONMENT MIG_HARDENING_DIR=${MIG_HARDENING_DIR})
endforeach()

# Hostile input: folders (links out of the folder, 100,000 files, 2 GB files, binary files,
# control characters in names) through migctl with peak memory measured; history table names
# and policy identifiers; a history table written by a newer console.
mig_test(test_hardening_hostile hostile SOURCES hardening/test_hostile_folders.cpp hardening/test_hostile_names.cpp
  PROPERTIES FIXTURES_REQUIRED hardening-servers ENVIRONMENT MIG_HARDENING_DIR=${MIG_HARDENING_DIR} TIMEOUT 300)
mig_hardening_test(test_hardening_hostile)
