package main

// FerretDB 1.24's SQLite backend answers a filter on `_id` alone with
// `WHERE _ferretdb_sjson->'$._id' = ?`, but the unique index it builds for
// `_id` is on `_ferretdb_sjson->"_id"`. SQLite matches index expressions by
// their text, so every look-up by `_id` scanned the whole table (EXPLAIN QUERY
// PLAN: SCAN). This keeper gives every collection table an index on the exact
// expression FerretDB queries, so those look-ups are index searches. The index
// is invisible to FerretDB (it lists indexes from its own metadata) and goes
// with the table when a collection is dropped. See
// docs/decisions/0012-id-lookup-index.md.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses
)

// idLookupSuffix names the extra index: "<table>__id_lookup".
const idLookupSuffix = "__id_lookup"

// missingIDIndexes lists collection tables that have no id-lookup index yet.
// FerretDB's own tables start with "_ferretdb_".
const missingIDIndexes = `
SELECT t.name FROM sqlite_master t
WHERE t.type = 'table' AND t.name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
  AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = t.name || '` + idLookupSuffix + `')`

// keepIDIndexes adds the id-lookup index to every table in every database
// file under dir, at once and then every interval, until ctx ends.
func keepIDIndexes(ctx context.Context, dir string, interval time.Duration, logger *slog.Logger) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexFile(ctx, file); err != nil && ctx.Err() == nil {
				// A database dropped while we looked is not an error worth more than a debug line.
				logger.Debug("id-lookup index", "file", file, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// indexFile opens one database file (never creating it), finds the tables
// without an id-lookup index and adds one to each. The connection is closed
// at once, so a database FerretDB drops is not held open.
func indexFile(ctx context.Context, file string) error {
	if _, err := os.Stat(file); err != nil {
		return err
	}
	// mode=rw: never create a file FerretDB has just removed. busy_timeout as FerretDB's own.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, missingIDIndexes)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')`,
			quoteIdent(table+idLookupSuffix), quoteIdent(table))
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return nil
}

// quoteIdent quotes an SQLite identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
