"""The public-office duties' logic, by section: `statement` (accessibility), `clauses` (RODO art.
13 and 30), `mydata` (art. 15), `retention`, `publicbodies` (BIP), `ezd` (PDF/A and metadata),
`signatures` (PAdES read back)."""
