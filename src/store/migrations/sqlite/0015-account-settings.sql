
CREATE TABLE account_settings (
  account TEXT PRIMARY KEY REFERENCES accounts(name),
  language TEXT NOT NULL
);
