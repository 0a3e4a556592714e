// The tables of shadow and pending versions; their repository is written once: src/store/sql/candidates-repo.ts.
