/// Frictionless Data Packages: a descriptor listing resources, each tabular one loaded as the
/// standard its schema says, with foreign keys between resources as references to the other's file.
extension StandardLoader {
    func loadPackage(path: String) throws(StandardError) -> DataPackage {
        let bytes: [UInt8]
        do {
            bytes = try FileByteSource.readAll(path: path, maxBytes: access.limits.maxStandardBytes)
        } catch {
            throw StandardError([
                StandardDiagnostic(
                    .unreadableFile, "cannot read data package \(TextExcerpt.path(path)): \(error.reason)", at: nil)
            ])
        }
        filesRead.append(PathResolver.canonical(path))
        let root = try YAMLParser.parse(bytes, file: path, maxDepth: access.limits.maxYAMLDepth)
        guard Self.shape(of: root) == .dataPackage, case .mapping(let top) = root.kind,
            let list = top.first(where: { $0.key.scalarText == "resources" })?.value
        else {
            throw StandardError([
                StandardDiagnostic(
                    .invalidValue,
                    "\(TextExcerpt.path(path)) is not a data package: a descriptor is a mapping with 'resources:'",
                    at: root.location)
            ])
        }
        guard case .sequence(let items) = list.kind, !items.isEmpty else {
            throw StandardError([
                StandardDiagnostic(
                    .invalidValue, "resources must be a list of at least one resource, not \(list.kindDescription)",
                    at: list.location)
            ])
        }
        let packageName = top.first { $0.key.scalarText == "name" }?.value.scalarText

        // Every resource by name first, so a foreign key may name one listed after it.
        var byName: [String: YAMLNode] = [:]
        var schemaFailed: Set<String> = []
        var named: [(name: String, node: YAMLNode)] = []
        for item in items {
            guard case .mapping(let keys) = item.kind else {
                diagnostics.add(
                    .invalidValue, "a resource is a mapping, not \(item.kindDescription)", at: item.location)
                continue
            }
            guard let nameNode = keys.first(where: { $0.key.scalarText == "name" })?.value,
                let name = nameNode.scalarText, !name.isEmpty
            else {
                diagnostics.add(.missingKey, "a resource needs a 'name'", at: item.location)
                continue
            }
            if byName[name] != nil {
                diagnostics.add(
                    .duplicateKey, "two resources are named \(TextExcerpt.quoted(name))", at: nameNode.location)
                continue
            }
            let errorsBefore = diagnostics.all.count
            byName[name] = withSchemaRead(item, base: path)
            if diagnostics.all.count > errorsBefore { schemaFailed.insert(name) }
            named.append((name, byName[name]!))
        }

        var resources: [DataPackage.Resource] = []
        var skipped: [DataPackage.SkippedResource] = []
        for (name, node) in named {
            guard case .mapping(let keys) = node.kind else { continue }
            func value(_ key: String) -> YAMLNode? { keys.first { $0.key.scalarText == key }?.value }
            guard value("schema") != nil else {
                skipped.append(.init(name: name, reason: "it has no schema, so it is not a tabular resource"))
                continue
            }
            guard let pathNode = value("path") else {
                if value("data") != nil {
                    skipped.append(.init(name: name, reason: "its data is inline in the descriptor, which is not read"))
                } else {
                    diagnostics.add(
                        .missingKey, "resource \(TextExcerpt.quoted(name)) needs a 'path'", at: node.location)
                }
                continue
            }
            guard let dataPath = readDataPath(pathNode, resource: name, base: path) else { continue }
            guard let schema = value("schema"), case .mapping = schema.kind else {
                // A schema file that could not be read is reported already; anything else that is
                // not a mapping is a mistake too, never a resource quietly left out.
                if !schemaFailed.contains(name), let schema = value("schema") {
                    diagnostics.add(
                        .invalidValue,
                        "the schema of resource \(TextExcerpt.quoted(name)) must be a Table Schema (a mapping with "
                            + "'fields') or the path of a file holding one, not \(schema.kindDescription)",
                        at: schema.location)
                }
                continue
            }

            let loader = StandardLoader(access: access)
            loader.packageResources = byName
            loader.resourceName = name
            loader.referenceCache = referenceCache
            do {
                let standard = try loader.loadRoot(node, name: path, resolveAgainst: path)
                resources.append(.init(name: name, path: dataPath, standard: standard))
                filesRead += loader.filesRead
            } catch {
                diagnostics.add(contentsOf: error.diagnostics)
            }
        }
        if diagnostics.isEmpty && resources.isEmpty {
            diagnostics.add(
                .invalidValue,
                "the package has no tabular resource to validate (one with a 'schema' and a 'path'), so nothing "
                    + "would be checked", at: list.location)
        }
        guard diagnostics.isEmpty else { throw finished() }
        return DataPackage(
            path: path, name: packageName, resources: resources, skipped: skipped, files: Array(Set(filesRead)))
    }

    /// The resource with a `schema` given as a path replaced by the schema that file holds.
    private func withSchemaRead(_ resource: YAMLNode, base: String) -> YAMLNode {
        guard case .mapping(var keys) = resource.kind,
            let index = keys.firstIndex(where: { $0.key.scalarText == "schema" }),
            case .scalar(let scalar) = keys[index].value.kind, !scalar.isNull
        else { return resource }
        let location = keys[index].value.location
        let relative = scalar.text
        if relative.contains("://") {
            diagnostics.add(
                .unreadableFile, "schema \(TextExcerpt.path(relative)) is remote; Hallmark reads only local files",
                at: location)
            return resource
        }
        switch access.resolve(relative, from: base) {
        case .success(let file):
            do {
                let bytes = try access.read(file.real, maxBytes: access.limits.maxStandardBytes)
                filesRead.append(file.real)
                keys[index].value = try YAMLParser.parse(bytes, file: file.shown, maxDepth: access.limits.maxYAMLDepth)
            } catch let error as StandardError {
                diagnostics.add(contentsOf: error.diagnostics)
            } catch let error as InputError {
                diagnostics.add(
                    .unreadableFile, "cannot read schema \(TextExcerpt.path(relative)): \(error.reason)", at: location)
            } catch {
                diagnostics.add(.unreadableFile, "cannot read schema \(TextExcerpt.path(relative))", at: location)
            }
        case .failure(let refusal):
            diagnostics.add(.unreadableFile, FileAccess.message(refusal, relative, "schema"), at: location)
        }
        return YAMLNode(.mapping(keys), at: resource.location)
    }

    /// A resource's data file, resolved against the descriptor and inside the root; `nil` (reported)
    /// for several files, a remote one, or one that may not be opened.
    private func readDataPath(_ node: YAMLNode, resource: String, base: String) -> String? {
        guard let relative = node.scalarText, !relative.isEmpty else {
            let what =
                if case .sequence = node.kind { "a list of files (a multipart resource)" } else { node.kindDescription }
            diagnostics.add(
                .unsupportedSchema,
                "resource \(TextExcerpt.quoted(resource)) has \(what) as its path; Hallmark reads one file per resource",
                at: node.location)
            return nil
        }
        if relative.contains("://") {
            diagnostics.add(
                .unreadableFile,
                "resource \(TextExcerpt.quoted(resource)) is remote (\(TextExcerpt.path(relative))); Hallmark reads only local files",
                at: node.location)
            return nil
        }
        switch access.resolve(relative, from: base) {
        case .success(let file): return file.shown
        // Validating the package says so, as for any file that cannot be read, and checks the rest.
        case .failure(.missing(let resolved)): return resolved
        case .failure(let refusal):
            diagnostics.add(.unreadableFile, FileAccess.message(refusal, relative, "data file"), at: node.location)
            return nil
        }
    }
}
