import Foundation
import GatekeeperKit

// A crash must not end in a raw stack trace: one line, exit code 70.
for crashSignal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
    signal(crashSignal) { _ in
        let message = "gatekeeper: internal error (crash). This is a bug; please report it with the command you ran.\n"
        message.withCString { _ = write(STDERR_FILENO, $0, strlen($0)) }
        _exit(70)
    }
}
exit(CLI().run(Array(CommandLine.arguments.dropFirst())))
