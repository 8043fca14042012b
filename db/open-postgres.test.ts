import { describe, expect, it } from "vitest";
import { splitSocketDir } from "./open-postgres";

describe("a connection URL naming a Unix socket", () => {
  it("takes the libpq host parameter out of the URL as the socket's folder", () => {
    expect(splitSocketDir("postgres://u:p%40ss@127.0.0.1:5433/db?host=/tmp")).toEqual({
      url: "postgres://u:p%40ss@127.0.0.1:5433/db",
      socketDir: "/tmp",
    });
    expect(
      splitSocketDir("postgres://u@127.0.0.1:5433/db?host=%2Fvar%2Frun%2Fpostgresql&sslmode=disable"),
    ).toEqual({
      url: "postgres://u@127.0.0.1:5433/db?sslmode=disable",
      socketDir: "/var/run/postgresql",
    });
  });

  it("leaves any other URL as it is", () => {
    for (const url of ["postgres://u@127.0.0.1:5432/test", "postgres://u@h/db?host=elsewhere", "not a url"])
      expect(splitSocketDir(url)).toEqual({ url, socketDir: null });
  });
});
