// One main for every test binary: GoogleTest first, then the Qt application object the code
// under test needs (QApplication for widget tests, offscreen when there is no display).
#include <gtest/gtest.h>

#ifdef MIG_TEST_GUI
#include <QApplication>
using TestApplication = QApplication;
#else
#include <QCoreApplication>
using TestApplication = QCoreApplication;
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MIG_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(MIG_ASAN)
// Under AddressSanitizer (MIG_SANITIZE builds): the memory tests measure resident memory, and
// ASan's quarantine of freed blocks (256 MB by default) would count as memory the code keeps.
extern "C" const char *__asan_default_options()
{
    return "quarantine_size_mb=1:thread_local_quarantine_size_kb=64";
}
#endif

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
#ifdef MIG_TEST_GUI
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
#endif
    TestApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
