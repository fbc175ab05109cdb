import type { Command } from './shortcuts';

/** A choice in a multi-select: the value stored, the words shown, and an optional colour swatch. */
export interface MultiOption<Value extends string | number> {
  value: Value;
  label: string;
  hint?: string;
  color?: string;
}

/** An entry of the command palette: a console command or a switch to another helpdesk. */
export interface PaletteCommand {
  id: string;
  label: string;
  hint?: string;
  command: Command | { helpdeskId: string };
}
