import Testing
@testable import GazetteStore
