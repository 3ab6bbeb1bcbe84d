internal import CLibXML2

/// A parsed XML document (libxml2), for XML-encoded reference material such as TCG
/// reference integrity manifests (SWID tags) in a collateral bundle.
///
/// Parsing is hardened: no network (`XML_PARSE_NONET`), no entity substitution (never
/// `XML_PARSE_NOENT`, which enables XXE), no DTD loading.
///
/// ```swift
/// let doc = try XMLDocument(parsing: bytes)
/// let values = try doc.strings(at: "//swid:Payload/@name", namespaces: ["swid": "http://standards.iso.org/iso/19770/-2/2015/schema.xsd"])
/// ```
public final class XMLDocument: @unchecked Sendable {
    // Read-only after init; libxml2 trees are safe to read from several threads.
    let document: xmlDocPtr

    /// Parses `bytes` as an XML document.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` with libxml2's message and line.
    public init(parsing bytes: [UInt8]) throws(EndorsementError) {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), "input.xml", nil, options)
            }
        }
        guard let parsed else {
            var detail = "not well-formed XML"
            if let error = xmlGetLastError() {
                let message = error.pointee.message.map { String(cString: $0) } ?? ""
                detail = "line \(error.pointee.line): " + message.trimmingTrailingNewlines()
            }
            xmlResetLastError()
            throw EndorsementError(.malformedInput, step: "XML document", detail: detail)
        }
        document = parsed
    }

    deinit { xmlFreeDoc(document) }

    /// The local name of the root element.
    public var rootName: String? {
        xmlDocGetRootElement(document).map {
            String(cString: UnsafeRawPointer($0.pointee.name).assumingMemoryBound(to: CChar.self))
        }
    }

    /// The namespace URI bound to `prefix` at the root element (`nil` prefix: the default namespace).
    public func namespaceURI(forPrefix prefix: String?) -> String? {
        guard let root = xmlDocGetRootElement(document) else { return nil }
        let found: xmlNsPtr? =
            if let prefix {
                prefix.withCString {
                    xmlSearchNs(document, root, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self))
                }
            } else {
                xmlSearchNs(document, root, nil)
            }
        guard let href = found?.pointee.href else { return nil }
        return String(cString: UnsafeRawPointer(href).assumingMemoryBound(to: CChar.self))
    }

    /// The string values of the nodes an XPath 1.0 expression selects, with `namespaces`
    /// mapping the prefixes used in `xpath` to namespace URIs.
    ///
    /// - Throws: ``EndorsementError`` `.malformedInput` for an invalid expression.
    public func strings(at xpath: String, namespaces: [String: String] = [:]) throws(EndorsementError) -> [String] {
        guard let context = xmlXPathNewContext(document) else {
            throw EndorsementError(.libraryFailure, step: "XPath", detail: "xmlXPathNewContext failed")
        }
        defer { xmlXPathFreeContext(context) }
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) {
            let ok = prefix.withCString { p in
                uri.withCString { u in
                    xmlXPathRegisterNs(
                        context, UnsafeRawPointer(p).assumingMemoryBound(to: xmlChar.self),
                        UnsafeRawPointer(u).assumingMemoryBound(to: xmlChar.self))
                }
            }
            guard ok == 0 else {
                throw EndorsementError(.libraryFailure, step: "XPath", detail: "cannot register prefix \(prefix)")
            }
        }
        let result = xpath.withCString {
            xmlXPathEvalExpression(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self), context)
        }
        xmlResetLastError()
        guard let result else {
            throw EndorsementError(.malformedInput, step: "XPath", detail: "invalid expression \(xpath)")
        }
        defer { xmlXPathFreeObject(result) }
        guard let nodes = result.pointee.nodesetval else { return [] }
        var values: [String] = []
        for i in 0..<Int(nodes.pointee.nodeNr) {
            guard let node = nodes.pointee.nodeTab[i], let content = xmlNodeGetContent(node) else { continue }
            values.append(String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self)))
            cxml_free(content)
        }
        return values
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
