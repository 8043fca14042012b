"use client";

import { createContext } from "react";

/** Whether the person may replay the run: each step of the trace then offers "Fork from here". */
export const CanForkContext = createContext(false);
