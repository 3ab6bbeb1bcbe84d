import Crypto
import Evidence

/// The pinned trust anchor of every Intel DCAP chain (PCK, TCB signing, CRL issuers): the
/// self-signed "Intel SGX Root CA" (ECDSA P-256 / SHA-256, valid 2018-05-21 … 2049-12-31).
///
/// SHA-256 of the DER certificate:
/// `44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3` — the same certificate as
/// go-tdx-guest `verify/trusted_root.pem`, dcap-qvl `src/TrustedRootCA.der` and
/// https://certificates.trustedservices.intel.com/Intel_SGX_Provisioning_Certification_RootCA.pem.
/// `policyc verify --trust-anchor PEM` replaces it (test PKIs only).
public enum IntelSGXRootCA {
    /// SHA-256 of the DER encoding, checked when the certificate is first decoded.
    public static let sha256Hex = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3"

    /// The certificate, PEM.
    public static let pem = """
        -----BEGIN CERTIFICATE-----
        MIICjzCCAjSgAwIBAgIUImUM1lqdNInzg7SVUr9QGzknBqwwCgYIKoZIzj0EAwIw
        aDEaMBgGA1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENv
        cnBvcmF0aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJ
        BgNVBAYTAlVTMB4XDTE4MDUyMTEwNDUxMFoXDTQ5MTIzMTIzNTk1OVowaDEaMBgG
        A1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENvcnBvcmF0
        aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJBgNVBAYT
        AlVTMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC6nEwMDIYZOj/iPWsCzaEKi7
        1OiOSLRFhWGjbnBVJfVnkY4u3IjkDYYL0MxO4mqsyYjlBalTVYxFP2sJBK5zlKOB
        uzCBuDAfBgNVHSMEGDAWgBQiZQzWWp00ifODtJVSv1AbOScGrDBSBgNVHR8ESzBJ
        MEegRaBDhkFodHRwczovL2NlcnRpZmljYXRlcy50cnVzdGVkc2VydmljZXMuaW50
        ZWwuY29tL0ludGVsU0dYUm9vdENBLmRlcjAdBgNVHQ4EFgQUImUM1lqdNInzg7SV
        Ur9QGzknBqwwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwCgYI
        KoZIzj0EAwIDSQAwRgIhAOW/5QkR+S9CiSDcNoowLuPRLsWGf/Yi7GSX94BgwTwg
        AiEA4J0lrHoMs+Xo5o/sX6O9QWxHRAvZUGOdRQ7cvqRXaqI=
        -----END CERTIFICATE-----
        """

    /// The decoded certificate, or `nil` if the embedded text were ever corrupted (then every
    /// chain fails: fail closed).
    public static let certificate: X509Certificate? = {
        guard let certificate = try? X509Certificate.certificates(pem: Array(pem.utf8)).first,
            Hex.encode(SHA256.hash(data: certificate.der)) == sha256Hex
        else { return nil }
        return certificate
    }()
}
