#!/usr/bin/env bash
# Makes a small test PKI with the openssl CLI (an independent implementation) for chain and
# CRL tests: a P-256 root, an intermediate, two leaves, and a CRL from the intermediate that
# revokes one leaf. Run once from the repository root; the output in
# Corpus/collateral/test-pki/ is committed. Validity: the root from the day it is made for
# 10 years (OpenSSL 3.0's req has no -not_before); the intermediate and leaves 2025-01-01 ..
# 2035-01-01; the CRL is issued the day it is made, for 10 years.
set -euo pipefail
out=Corpus/collateral/test-pki
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > ca.cnf <<'CNF'
[ca]
default_ca = ca
[ca]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
default_crl_days = 3650
[any]
commonName = supplied
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
CNF
touch index.txt; echo 1000 > serial
openssl ecparam -name prime256v1 -genkey -noout -out root.key
openssl req -new -x509 -key root.key -subj "/CN=Appraise Test Root" -days 3650 -out root.pem -set_serial 1
for name in intermediate leaf-good leaf-revoked; do openssl ecparam -name prime256v1 -genkey -noout -out $name.key; done
openssl req -new -key intermediate.key -subj "/CN=Appraise Test Intermediate" -out intermediate.csr
openssl ca -batch -config ca.cnf -cert root.pem -keyfile root.key -extensions v3_ca -startdate 20250101000000Z -enddate 20350101000000Z -in intermediate.csr -out intermediate.pem 2>/dev/null
for name in leaf-good leaf-revoked; do
  openssl req -new -key $name.key -subj "/CN=Appraise Test $name" -out $name.csr
  openssl ca -batch -config ca.cnf -cert intermediate.pem -keyfile intermediate.key -extensions v3_leaf -startdate 20250101000000Z -enddate 20350101000000Z -in $name.csr -out $name.pem 2>/dev/null
done
openssl ca -config ca.cnf -cert intermediate.pem -keyfile intermediate.key -revoke leaf-revoked.pem 2>/dev/null
openssl ca -config ca.cnf -cert intermediate.pem -keyfile intermediate.key -gencrl -crldays 3650 -out intermediate.crl.pem 2>/dev/null
openssl crl -in intermediate.crl.pem -outform der -out intermediate.crl.der
cd - >/dev/null
mkdir -p "$out"
for f in root.pem intermediate.pem leaf-good.pem leaf-revoked.pem intermediate.crl.der; do
  openssl x509 -in "$work/$f" -out "$out/$f" 2>/dev/null || cp "$work/$f" "$out/$f"
done
echo "wrote $out"
