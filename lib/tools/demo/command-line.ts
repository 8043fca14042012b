import { ToolInputError } from "@/lib/tools/types";

type Rule = {
  /** Single-letter options, combinable as in "-lah". */
  flags: string;
  long: string[];
  /** Options that take a number, attached ("-n5") or as the next argument ("-n 5"). */
  numberFlags?: string;
  operands: "none" | "paths" | "formats";
};

// Options are allow-listed too, not only binaries: `date -s` or `date MMDDhhmm` set the system
// clock, `wc --files0-from=/etc/passwd` reads outside the workspace, `free -s 1` never ends.
const RULES: Record<string, Rule> = {
  uptime: { flags: "ps", long: ["--pretty", "--since"], operands: "none" },
  df: {
    flags: "ahHiklPT",
    long: ["--all", "--human-readable", "--si", "--inodes", "--local", "--portability", "--print-type"],
    operands: "paths",
  },
  free: {
    flags: "bkmghltw",
    long: ["--bytes", "--kilo", "--mega", "--giga", "--human", "--lohi", "--total", "--wide"],
    operands: "none",
  },
  date: { flags: "uRI", long: ["--utc", "--universal", "--rfc-email", "--iso-8601"], operands: "formats" },
  uname: {
    flags: "asnrvmpio",
    long: ["--all", "--kernel-name", "--nodename", "--kernel-release", "--kernel-version", "--machine"],
    operands: "none",
  },
  ls: {
    flags: "1aAdFhilnRrsStT",
    long: ["--all", "--almost-all", "--human-readable", "--recursive", "--reverse"],
    operands: "paths",
  },
  cat: {
    flags: "AbEnsTv",
    long: ["--number", "--number-nonblank", "--show-all", "--squeeze-blank"],
    operands: "paths",
  },
  wc: {
    flags: "clmLw",
    long: ["--bytes", "--chars", "--lines", "--words", "--max-line-length"],
    operands: "paths",
  },
  head: { flags: "qv", long: ["--quiet", "--verbose"], numberFlags: "nc", operands: "paths" },
};

export const ALLOWED_COMMANDS = Object.keys(RULES);
const MAX_ARGS = 16;
const SHELL_SYNTAX = /[|&;<>()$`'"*?{}[\]~!\\]/;

/** Splits a command line on whitespace (there is no shell: no quotes, pipes or globs) and checks it. */
export function parseCommandLine(command: string): { file: string; args: string[] } {
  const [file, ...args] = command.trim().split(/\s+/).filter(Boolean);
  if (!file) throw new ToolInputError("The command is empty.");
  const shell = [file, ...args].find((word) => SHELL_SYNTAX.test(word));
  if (shell) {
    throw new ToolInputError(
      `"${shell}" is refused: there is no shell, so pipes, redirection, quotes, variables and globs do not work. Run one program with plain arguments.`,
    );
  }
  const rule = Object.hasOwn(RULES, file) ? RULES[file] : undefined;
  if (!rule) {
    throw new ToolInputError(
      `"${file}" is not an allowed command. Allowed: ${ALLOWED_COMMANDS.join(", ")} (no shell).`,
    );
  }
  if (args.length > MAX_ARGS) throw new ToolInputError(`Too many arguments (at most ${MAX_ARGS}).`);
  for (const arg of args) {
    if (arg.startsWith("/") || arg.includes("..")) {
      throw new ToolInputError(
        `Argument "${arg}" is refused: arguments may not be absolute paths or contain "..".`,
      );
    }
  }
  checkArguments(file, rule, args);
  return { file, args };
}

function checkArguments(file: string, rule: Rule, args: string[]): void {
  const refuse = (arg: string, why: string) => {
    throw new ToolInputError(`${file}: argument "${arg}" is not allowed: ${why}.`);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith("--")) {
      if (!rule.long.includes(arg)) refuse(arg, `allowed long options are ${rule.long.join(", ")}`);
    } else if (arg.startsWith("-") && arg.length > 1) {
      if (rule.numberFlags && /^-\d+$/.test(arg)) continue;
      const numbered = rule.numberFlags ? new RegExp(`^-[${rule.numberFlags}](\\d*)$`).exec(arg) : null;
      if (numbered) {
        if (numbered[1]) continue;
        if (!/^\d+$/.test(args[i + 1] ?? "")) refuse(arg, "it must be followed by a number");
        i++;
        continue;
      }
      const unknown = [...arg.slice(1)].filter((letter) => !rule.flags.includes(letter));
      if (unknown.length > 0)
        refuse(
          arg,
          `allowed options are -${rule.flags}${rule.numberFlags ? ` and -${rule.numberFlags} N` : ""}`,
        );
    } else if (rule.operands === "none") {
      refuse(arg, `${file} takes options only`);
    } else if (rule.operands === "formats" && !arg.startsWith("+")) {
      refuse(arg, 'only output formats starting with "+" are accepted (e.g. +%Y-%m-%d)');
    } else if (rule.operands === "paths" && arg === "-") {
      refuse(arg, "reading standard input is not supported");
    }
  }
}
