/**
 * Compiled statements are kept per connection (db/connection.ts): a kept one is handed back in its
 * default modes, one being iterated is never handed out twice, and a write by another connection (a
 * second web process) is read by the kept statement at once.
 */
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { openDatabase } from "~db/connection";

function twoConnections() {
  const path = join(inject("testDatabaseDir"), `${randomUUID()}.sqlite`);
  const a = openDatabase(path).$client;
  a.exec("CREATE TABLE t (a INTEGER, b INTEGER); INSERT INTO t VALUES (1, 2), (3, 4)");
  return { a, b: openDatabase(path).$client };
}

describe("kept statements", () => {
  it("come back compiled once, in their default modes", () => {
    const { a } = twoConnections();
    const first = a.prepare("SELECT a, b FROM t ORDER BY a");
    expect(first.pluck().all()).toEqual([1, 3]);
    expect(a.prepare("SELECT a, b FROM t ORDER BY a")).toBe(first);
    expect(a.prepare("SELECT a, b FROM t ORDER BY a").all()).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
    a.prepare("SELECT a, b FROM t ORDER BY a").raw().safeIntegers(true).all();
    expect(a.prepare("SELECT a, b FROM t ORDER BY a").get()).toEqual({ a: 1, b: 2 });
  });

  it("are not shared while one is being iterated", () => {
    const { a } = twoConnections();
    const outer = a.prepare("SELECT a FROM t ORDER BY a").pluck();
    const seen: unknown[] = [];
    for (const x of outer.iterate()) seen.push([x, a.prepare("SELECT a FROM t ORDER BY a").pluck().all()]);
    expect(seen).toEqual([
      [1, [1, 3]],
      [3, [1, 3]],
    ]);
  });

  it("read what another connection wrote, schema changes included", () => {
    const { a, b } = twoConnections();
    expect(a.prepare("SELECT count(*) FROM t").pluck().get()).toBe(2);
    b.prepare("INSERT INTO t VALUES (5, 6)").run();
    expect(a.prepare("SELECT count(*) FROM t").pluck().get()).toBe(3);
    const all = () => a.prepare("SELECT * FROM t ORDER BY a").raw().all();
    expect(all()[0]).toEqual([1, 2]);
    b.exec("ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 9");
    expect(all()[0]).toEqual([1, 2, 9]);
  });
});
