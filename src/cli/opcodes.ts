// `ovm opcodes`: the opcode table, printed from the WASM module's own table.
import { opcodeTable } from "../evm/opcode-table.js";

export function opcodesCommand(argv: string[]): void {
  const table = opcodeTable().filter((o) => o.defined);
  if (argv.includes("--json")) {
    console.log(JSON.stringify(table));
    return;
  }
  console.log("| opcode | name | immediate | stack in | stack out | base gas | OVM |");
  console.log("|---|---|---|---|---|---|---|");
  for (const o of table) {
    console.log(`| 0x${o.opcode.toString(16).padStart(2, "0")} | ${o.name} | ${o.immediateSize} | ${o.stackIn} | ${o.stackOut} | ${o.baseGas} | ${o.ovm} |`);
  }
}
