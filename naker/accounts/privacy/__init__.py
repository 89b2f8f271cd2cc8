"""Privacy operations under UU PDP (Law 27/2022): requests a person cannot serve themselves, answered
by a platform admin within 3×24 hours, and the record of data breaches with their notices.
The procedure is docs/privacy-operations.md; the decisions are ADR 0017."""
