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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binaries + "/hallmark")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Suite("hallmark serve and hallmark publish, as built")
struct ServeCommandTests {
    @Test("tokens create, serve, validate, publish from CI, revoke; a stop signal ends the service cleanly")
    func publishFromCI() async throws {
        let directory = NSTemporaryDirectory() + "hallmark-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let created = try run(
            [
                "serve", "tokens", "create", "--dataset", "epraccur", "--publisher", "NHS England", "--title",
                "GP practices",
            ],
            in: directory)
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("hmk_"))
        let id = String(token.dropFirst(4).prefix(12))
        let listed = try run(["serve", "tokens", "list"], in: directory)
        #expect(listed.stdout.contains(id) && listed.stdout.contains("publishes epraccur"))
        #expect(!listed.stdout.contains(token))

        let server = Process()
        server.executableURL = URL(fileURLWithPath: binaries + "/hallmark")
        server.arguments = ["serve", "--database", directory + "/hallmark.sqlite", "--port", "0"]
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

        let validated = try run(
            [
                "validate", root + "/Fixtures/ods/practices-planted.csv", "--standard",
                root + "/Standards/nhs/ods-gp-practices.yaml", "--standards-root", root + "/Standards", "--dataset",
                "epraccur", "-f", "json", "-o", "report.json",
            ], in: directory)
        #expect(validated.status == 1)
        let published = try run(
            ["publish", "report.json", "--server", url, "--dataset", "epraccur"],
            environment: ["HALLMARK_TOKEN": token],
            in: directory)
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
        let spacedToken = try run(
            ["serve", "tokens", "create", "--dataset", spaced, "--publisher", "NHS England"], in: directory
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try run(
            [
                "validate", root + "/Fixtures/ods/practices-planted.csv", "--standard",
                root + "/Standards/nhs/ods-gp-practices.yaml", "--standards-root", root + "/Standards", "--dataset",
                spaced, "-f", "json", "-o", "spaced.json",
            ], in: directory)
        let spacedPublish = try run(
            ["publish", "spaced.json", "--server", url + "/", "--dataset", spaced],
            environment: ["HALLMARK_TOKEN": spacedToken], in: directory)
        #expect(spacedPublish.status == 0, "\(spacedPublish.stderr)")
        let badID = try run(["serve", "tokens", "create", "--dataset", "a/b", "--publisher", "X"], in: directory)
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
        let badTitle = try run(
            ["serve", "tokens", "create", "--dataset", "x", "--publisher", "Org\u{1B}[31m"], in: directory)
        #expect(badTitle.status != 0)

        let noToken = try run(
            ["publish", "report.json", "--server", url, "--dataset", "epraccur"], environment: ["HALLMARK_TOKEN": ""],
            in: directory)
        #expect(noToken.status == 2)
        #expect(noToken.stderr.contains("HALLMARK_TOKEN"))
        let notReport = try run(
            ["publish", root + "/Package.swift", "--server", url, "--dataset", "epraccur"],
            environment: ["HALLMARK_TOKEN": token], in: directory)
        #expect(notReport.status == 2)
        #expect(try run(["serve", "tokens", "revoke", id], in: directory).status == 0)
        let revoked = try run(
            ["publish", "report.json", "--server", url, "--dataset", "epraccur"],
            environment: ["HALLMARK_TOKEN": token],
            in: directory)
        #expect(revoked.status == 3)
        #expect(revoked.stderr.contains("token-invalid"))
        #expect(!revoked.stderr.contains(token))
        let unreachable = try run(
            ["publish", "report.json", "--server", "http://127.0.0.1:1", "--dataset", "epraccur"],
            environment: ["HALLMARK_TOKEN": token], in: directory)
        #expect(unreachable.status == 3)

        server.interrupt()
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
    }
}
