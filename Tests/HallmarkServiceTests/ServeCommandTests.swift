import Foundation
import Testing

/// The package root, for the shipped Standards/ and Fixtures/.
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The folder of the built executables, beside this test bundle.
private let binaries: String = {
    let testBinary =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
    while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("hallmark-serve").path),
        directory.path != "/"
    {
        directory.deleteLastPathComponent()
    }
    return directory.path
}()

/// Runs a built executable to its end.
private func run(
    _ arguments: [String], environment: [String: String] = [:], in directory: String
) throws -> (status: Int32, stdout: String, stderr: String) {
    let ran = try runProgram(binaries + "/hallmark", arguments, environment: environment, in: directory)
    return (ran.status, String(decoding: ran.stdout, as: UTF8.self), String(decoding: ran.stderr, as: UTF8.self))
}

@Suite("hallmark serve and hallmark publish, as built")
struct ServeCommandTests {
    @Test("tokens create, serve, validate, publish from CI, revoke; a stop signal ends the service cleanly")
    func publishFromCI() async throws {
        let directory = NSTemporaryDirectory() + "hallmark-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Every command finds the store through HALLMARK_DATABASE but the server, which is told
        // with --database: both ways of naming it are used.
        let store = try TestStore.make(in: directory)
        defer { store.remove() }
        func hallmark(_ arguments: [String], environment: [String: String] = [:]) throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try run(
                arguments, environment: environment.merging(["HALLMARK_DATABASE": store.location]) { old, _ in old },
                in: directory)
        }
        let created = try hallmark(
            [
                "serve", "tokens", "create", "--dataset", "epraccur", "--publisher", "NHS England", "--title",
                "GP practices",
            ])
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("hmk_"))
        let id = String(token.dropFirst(4).prefix(12))
        let listed = try hallmark(["serve", "tokens", "list"])
        #expect(listed.stdout.contains(id) && listed.stdout.contains("publishes epraccur"))
        #expect(!listed.stdout.contains(token))

        let server = Process()
        server.executableURL = URL(fileURLWithPath: binaries + "/hallmark")
        server.arguments = ["serve", "--database", store.location, "--port", "0"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let announced = String(decoding: line, as: UTF8.self)
        let port = try #require(
            announced.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        let url = "http://127.0.0.1:\(port)"

        let validated = try hallmark(
            [
                "validate", root + "/Fixtures/ods/practices-planted.csv", "--standard",
                root + "/Standards/nhs/ods-gp-practices.yaml", "--standards-root", root + "/Standards", "--dataset",
                "epraccur", "-f", "json", "-o", "report.json",
            ])
        #expect(validated.status == 1)
        let published = try hallmark(
            ["publish", "report.json", "--server", url, "--dataset", "epraccur"],
            environment: ["HALLMARK_TOKEN": token])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.hasPrefix("published run 1 of epraccur: "))
        #expect(published.stdout.contains("tickets opened"))

        // The example workflow's publish step, as written, against this service.
        let workflow = try String(contentsOfFile: root + "/Examples/ci/github-actions.yml", encoding: .utf8)
        let step = try #require(
            workflow.split(separator: "\n").drop { !$0.contains("- name: Publish") }.first {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("run: ")
            })
        let script = String(step.trimmingCharacters(in: .whitespaces).dropFirst("run: ".count))
        try FileManager.default.copyItem(
            atPath: directory + "/report.json", toPath: directory + "/hallmark-report.json")
        let fromWorkflow = Process()
        fromWorkflow.executableURL = URL(fileURLWithPath: "/bin/bash")
        fromWorkflow.arguments = ["-euo", "pipefail", "-c", script]
        fromWorkflow.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "")
        environment["HALLMARK_SERVER"] = url
        environment["HALLMARK_TOKEN"] = token
        environment["DATASET"] = "epraccur"
        fromWorkflow.environment = environment
        fromWorkflow.standardOutput = FileHandle.nullDevice
        try fromWorkflow.run()
        fromWorkflow.waitUntilExit()
        #expect(fromWorkflow.terminationStatus == 0)

        // An id with a space and an ampersand travels as one path segment, encoded once.
        let spaced = "GP practices & branches"
        let spacedToken = try hallmark(
            ["serve", "tokens", "create", "--dataset", spaced, "--publisher", "NHS England"]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try hallmark(
            [
                "validate", root + "/Fixtures/ods/practices-planted.csv", "--standard",
                root + "/Standards/nhs/ods-gp-practices.yaml", "--standards-root", root + "/Standards", "--dataset",
                spaced, "-f", "json", "-o", "spaced.json",
            ])
        let spacedPublish = try hallmark(
            ["publish", "spaced.json", "--server", url + "/", "--dataset", spaced],
            environment: ["HALLMARK_TOKEN": spacedToken])
        #expect(spacedPublish.status == 0, "\(spacedPublish.stderr)")
        let badID = try hallmark(["serve", "tokens", "create", "--dataset", "a/b", "--publisher", "X"])
        #expect(badID.status != 0)
        #expect(badID.stderr.contains("slash"))

        // Accounts: the password from standard input; a second create of the name, or a weak
        // password, says why without the usage text; `password` sets a new one.
        func account(_ arguments: [String], password: String) throws -> (status: Int32, stdout: String, stderr: String)
        {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binaries + "/hallmark")
            process.arguments = ["serve", "accounts"] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = ProcessInfo.processInfo.environment.merging(["HALLMARK_DATABASE": store.location]) {
                _, new in new
            }
            let input = Pipe()
            let err = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            input.fileHandleForWriting.write(Data((password + "\n").utf8))
            try input.fileHandleForWriting.close()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, "", stderr)
        }
        #expect(try account(["create", "jane", "--dataset", "epraccur"], password: "a long password 123").status == 0)
        let twice = try account(["create", "jane", "--dataset", "epraccur"], password: "a long password 123")
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("an account jane exists"))
        #expect(!twice.stderr.contains("Usage"))
        let weak = try account(["create", "joe", "--moderator"], password: "short")
        #expect(weak.status == 1)
        #expect(weak.stderr.contains("at least 12 characters"))
        #expect(try account(["password", "jane"], password: "another long password").status == 0)
        let badTitle = try hallmark(
            ["serve", "tokens", "create", "--dataset", "x", "--publisher", "Org\u{1B}[31m"])
        #expect(badTitle.status != 0)

        let noToken = try hallmark(
            ["publish", "report.json", "--server", url, "--dataset", "epraccur"], environment: ["HALLMARK_TOKEN": ""])
        #expect(noToken.status == 2)
        #expect(noToken.stderr.contains("HALLMARK_TOKEN"))
        let notReport = try hallmark(
            ["publish", root + "/Package.swift", "--server", url, "--dataset", "epraccur"],
            environment: ["HALLMARK_TOKEN": token])
        #expect(notReport.status == 2)
        #expect(try hallmark(["serve", "tokens", "revoke", id]).status == 0)
        let revoked = try hallmark(
            ["publish", "report.json", "--server", url, "--dataset", "epraccur"],
            environment: ["HALLMARK_TOKEN": token])
        #expect(revoked.status == 3)
        #expect(revoked.stderr.contains("token-invalid"))
        #expect(!revoked.stderr.contains(token))
        let unreachable = try hallmark(
            ["publish", "report.json", "--server", "http://127.0.0.1:1", "--dataset", "epraccur"],
            environment: ["HALLMARK_TOKEN": token])
        #expect(unreachable.status == 3)

        server.interrupt()
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
    }
}
