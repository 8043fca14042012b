import type { LanguageModelV4Message } from "@ai-sdk/provider";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";

export type CountedBy = "tokenizer" | "estimate";

/** Counts what a model call is sent, in the model's tokens or an estimate of them. */
export type TokenCounter = {
  readonly countedBy: CountedBy;
  /** Tokens of a text. */
  text(text: string): number;
  /** Tokens of one prompt message; counted once per message object (the run's messages never change). */
  message(message: LanguageModelV4Message): number;
};

/** The role, separators and framing each message costs beside its content (OpenAI's chat format: 3). */
const MESSAGE_OVERHEAD = 3;
/**
 * The estimate for models without a tokenizer here: 3 characters a token, more tokens than the
 * common BPE tokenizers make of English and JSON (about 4), so an estimated prompt errs on the small side.
 */
const CHARS_PER_TOKEN = 3;
// Special-token text in a tool result ("<|endoftext|>") is counted as the plain text it is sent as.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

function counter(countedBy: CountedBy, text: (text: string) => number): TokenCounter {
  const counted = new WeakMap<LanguageModelV4Message, number>();
  return {
    countedBy,
    text,
    message(message) {
      let tokens = counted.get(message);
      if (tokens === undefined) {
        // The JSON form counts the structure too: a little over what the provider sends, never under.
        tokens = MESSAGE_OVERHEAD + text(JSON.stringify(message));
        counted.set(message, tokens);
      }
      return tokens;
    },
  };
}

const OPENAI = counter("tokenizer", (text) => countTokens(text, PLAIN_TEXT));
const ESTIMATE = counter("estimate", (text) => Math.ceil(text.length / CHARS_PER_TOKEN));

/**
 * OpenAI's current models (GPT-4o, 4.1, 5 and the o-series) share the o200k_base tokenizer, which
 * gpt-tokenizer implements in plain JavaScript; other providers publish none for their current
 * models, so their prompts are estimated (and the model span says so).
 */
export function tokenCounterFor(provider: string): TokenCounter {
  return provider === "openai" ? OPENAI : ESTIMATE;
}
