# Reports (issue 7): every format of real runs made by the real migctl, per engine; the model
# built in-process from a run store; planted secrets searched for in every output; the console's
# after-run panel exporting a report. PDF pages are rendered into report-pages/ to be looked at.
set(MIG_REPORT_TEST_SUPPORT report/JsonSchemaCheck.cpp)
function(mig_report_test name)
  target_link_libraries(${name} PRIVATE Mig::Report Qt6::Sql)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/integration ${CMAKE_CURRENT_SOURCE_DIR}/backup)
  target_compile_definitions(${name} PRIVATE MIG_REPORT_PAGES_DIR="${CMAKE_BINARY_DIR}/report-pages")
  add_dependencies(${name} migctl)
endfunction()

mig_test(test_report_sqlite integration-sqlite
  SOURCES report/test_report_sqlite.cpp report/test_report_model.cpp ${MIG_REPORT_TEST_SUPPORT}
  PROPERTIES TIMEOUT 180)
mig_report_test(test_report_sqlite)

mig_test(test_report_postgres integration-postgres
  SOURCES report/test_report_postgres.cpp report/test_report_secrets.cpp ${MIG_REPORT_TEST_SUPPORT}
  PROPERTIES FIXTURES_REQUIRED postgres ENVIRONMENT MIG_TEST_PG_PORT=${MIG_PG_PORT} TIMEOUT 300)
mig_report_test(test_report_postgres)

mig_test(test_report_mariadb integration-mysql
  SOURCES report/test_report_mariadb.cpp ${MIG_REPORT_TEST_SUPPORT}
  PROPERTIES FIXTURES_REQUIRED mariadb ENVIRONMENT MIG_TEST_MARIADB_PORT=${MIG_MARIADB_PORT} TIMEOUT 300)
mig_report_test(test_report_mariadb)

mig_test(test_run_summary_panel ui GUI
  SOURCES report/test_run_summary_panel.cpp ${MIG_REPORT_TEST_SUPPORT}
  PROPERTIES TIMEOUT 180)
mig_report_test(test_run_summary_panel)
