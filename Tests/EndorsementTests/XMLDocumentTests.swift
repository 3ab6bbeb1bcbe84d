import Endorsement
import Testing

@Suite("libxml2 through CLibXML2")
struct XMLDocumentTests {
    static let swid = """
        <?xml version="1.0" encoding="utf-8"?>
        <SoftwareIdentity xmlns="http://standards.iso.org/iso/19770/-2/2015/schema.xsd"
            xmlns:rim="https://trustedcomputinggroup.org/resource/tcg-reference-integrity-manifest-rim-information-model/"
            name="Example firmware" tagId="example-1" version="1.0">
          <Payload>
            <File name="BOOTX64.EFI" size="945432" rim:digest="5a2b"/>
            <File name="grubx64.efi" size="2401112" rim:digest="c0ff"/>
          </Payload>
        </SoftwareIdentity>
        """

    @Test func parsesANamespacedDocumentAndLooksUpNamespaces() throws {
        let document = try XMLDocument(parsing: Array(Self.swid.utf8))
        #expect(document.rootName == "SoftwareIdentity")
        #expect(document.namespaceURI(forPrefix: nil) == "http://standards.iso.org/iso/19770/-2/2015/schema.xsd")
        #expect(document.namespaceURI(forPrefix: "rim")?.hasPrefix("https://trustedcomputinggroup.org/") == true)
        #expect(document.namespaceURI(forPrefix: "nope") == nil)
        let names = try document.strings(
            at: "//swid:Payload/swid:File/@name",
            namespaces: ["swid": "http://standards.iso.org/iso/19770/-2/2015/schema.xsd"])
        #expect(names == ["BOOTX64.EFI", "grubx64.efi"])
        let digests = try document.strings(
            at: "//swid:File/@rim:digest",
            namespaces: [
                "swid": "http://standards.iso.org/iso/19770/-2/2015/schema.xsd",
                "rim":
                    "https://trustedcomputinggroup.org/resource/tcg-reference-integrity-manifest-rim-information-model/",
            ])
        #expect(digests == ["5a2b", "c0ff"])
        // Without the namespace binding the unprefixed name matches nothing.
        #expect(try document.strings(at: "//Payload") == [])
    }

    @Test func malformedXMLIsATypedError() {
        #expect(throws: EndorsementError(.malformedInput, step: "XML document")) {
            try XMLDocument(parsing: Array("<a><b></a>".utf8))
        }
    }

    @Test func externalEntitiesAreNotExpanded() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <r>&x;</r>
            """
        let document = try XMLDocument(parsing: Array(xxe.utf8))
        let content = try document.strings(at: "/r")
        #expect(content.allSatisfy { !$0.contains("root:") })
    }
}
