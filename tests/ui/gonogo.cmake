# The go/no-go panel (issue 6, part 3): fed real decisions, backups and sign-offs made by the
# engine on SQLite targets in temp folders, driven by mouse and keyboard, screenshots kept.
mig_test(test_ui_gonogo ui GUI SOURCES
  ui/gonogo/GoNoGoProject.cpp
  ui/gonogo/test_gonogo_panel.cpp
  ui/gonogo/test_checklist_view.cpp
  ui/gonogo/test_backup_card.cpp
  ui/gonogo/test_signoff_form.cpp
  PROPERTIES TIMEOUT 120)
target_link_libraries(test_ui_gonogo PRIVATE SQLite::SQLite3)
