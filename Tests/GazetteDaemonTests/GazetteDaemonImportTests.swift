import Testing
@testable import GazetteDaemon
