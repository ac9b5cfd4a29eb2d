#!/usr/bin/env node
// The `ovm` command. Bad input prints a clear message and exits non-zero; nothing is half-done.
import { OvmError } from "../errors.js";

const USAGE = `usage: ovm <command> [options]

commands:
  run --code HEX|FILE [--input HEX|FILE] [--gas N] [--value N] [--sender ADDR] [--receiver ADDR]
      [--prestate FILE] [--repeat N] [--json]
                 execute code as the receiver's code (plain EVM, Cancun), like geth's evm run
  demo [--quick] [--db DIR] [--txs N] [--block-size N] [--hardhat all|none|N]
                 the rollup replay of the design note: tokens, an exchange, signed swaps and transfers
                 through the sequencer into blocks on the embedded store, L2 gas against L1 gas
  block build <chain-dir> [--txs FILE] [--timestamp N] [--chain-id N] [--skip-invalid] [--json]
                 re-check the chain in <chain-dir>, then append one block of raw signed transactions
  block show <chain-dir> [N] [--json]
                 print a committed block (the head by default)
  opcodes [--json]
                 print the opcode table (name, stack in/out, base gas, OVM treatment)
  statetest FILE|DIR... [--fork Cancun] [--json] [--failures]
                 run Ethereum GeneralStateTests: one JSON line per case, then "N passed, M failed"
  transpile HEX|FILE [--json] [--allow-truncated-push]
                 transpile EVM code to OVM code: the code, its growth, the offset map, banned opcodes
  check HEX|FILE [--json]
                 run the safety checker on transpiled code (exit 1 when unsafe)
  validate <chain-dir> [--workers N] [--from B] [--to B] [--json]
                 re-execute stored blocks from their witnesses on a worker pool and check every
                 post-state root (exit 1 when a block is not valid)

not built yet (later milestones): node, bench`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    // Commands load their modules on demand: `ovm run` should not pay for ethers or the test runner.
    case "run": {
      const { runCommand } = await import("./run.js");
      console.log(JSON.stringify(runCommand(rest)));
      return 0;
    }
    case "demo": {
      const { demoCommand } = await import("./demo.js");
      await demoCommand(rest);
      return 0;
    }
    case "block": {
      const { blockCommand } = await import("./block.js");
      return blockCommand(rest);
    }
    case "opcodes": {
      const { opcodesCommand } = await import("./opcodes.js");
      opcodesCommand(rest);
      return 0;
    }
    case "statetest": {
      const { statetestCommand } = await import("./statetest.js");
      return statetestCommand(rest);
    }
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    case "transpile": {
      const { transpileCommand } = await import("./transpile.js");
      return transpileCommand(rest);
    }
    case "check": {
      const { checkCommand } = await import("./transpile.js");
      return checkCommand(rest);
    }
    case "validate": {
      const { validateCommand } = await import("./validate.js");
      return validateCommand(rest);
    }
    case "node":
    case "bench":
      console.error(`ovm ${command}: not built yet (see README, "Status")`);
      return 2;
    default:
      console.error(`ovm: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof OvmError) console.error(`ovm: ${e.message}`);
    else console.error(`ovm: ${(e as Error)?.stack ?? String(e)}`);
    process.exitCode = e instanceof OvmError ? 2 : 1;
  },
);
