import Foundation
import Testing
@testable import GazetteCore

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("中文", "72726d8818f693066ceb69afa364218b692e62ea92b385782363780f47529c21"),
    ])
    func knownVectors(input: String, expected: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == expected)
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64, 65 bytes) exercise the one- and
    /// two-block tails; the reference values come from `sha256sum`.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(SHA256.hex(of: [UInt8](repeating: 0x61, count: length)) == expected)
    }

    @Test func oneMillionAs() {
        let input = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(SHA256.hex(of: input) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// A 1 MiB pseudo-random input checked against `sha256sum` of the same bytes.
    @Test func oneMebibyteOfPseudoRandomBytes() {
        var state: UInt64 = 42
        var input = [UInt8]()
        input.reserveCapacity(1 << 20)
        for _ in 0..<(1 << 20) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            input.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        #expect(SHA256.hex(of: input) == "c462db08ba29674db74f0a1d7052d0b8e2729502ef87e80fd967aff9cbbdff71")
    }

    /// The seed pages' digests as `sha256sum` prints them.
    @Test(arguments: [
        ("000_5a39acd64ccc7684.txt", "7f08e2405f0382ede136ad6a6a062b9319aaac13c093ebd22e144106e56ad368"),
        ("001_eb8fb2ea7c3d4019.txt", "e8db48475d5214e6ca4896e7143e92443d56a19536c1c9f7fb862eaa97223b1e"),
        ("002_d55adda2c18c22b8.txt", "fe64669e80b5e61072f1f76025f516c43bb0fbcbd55b3f70a261097273ccdeec"),
        ("003_b8c0f3f0eef71bca.txt", "fe428b45ba28ffe0fc30f2ab168be2c2acbae633511780c2673ba36cd5d181d7"),
        ("004_895ac4d94b7de334.txt", "b095a340441e21051240c551a5cdb67bb0da861c0cc92c39100d65d4be5d58d1"),
    ])
    func seedPagesMatchSha256sum(name: String, expected: String) throws {
        let bytes = try [UInt8](Data(contentsOf: SeedCorpus.directory.appendingPathComponent(name)))
        #expect(SHA256.hex(of: bytes) == expected)
    }
}
