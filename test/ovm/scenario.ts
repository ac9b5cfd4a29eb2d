// A transaction sequence written once and run on any Engine (library API, ovm-spec.md section 6), so
// the same steps can run plainly and through the OVM and be compared step by step.
import { Interface, getCreateAddress } from "ethers";
import { loadArtifact, linkBytecode } from "../../src/contracts/artifacts.js";
import { hexToBytes, type Hex } from "../../src/hex.js";
import type { Engine, TransactionResult } from "../../src/engine/types.js";

export const DEPLOYER: Hex = "0x00000000000000000000000000000000000d3b10";
export const USER: Hex = "0x0000000000000000000000000000000000005e12";
const GAS = 12_000_000n;
const FIRST_TIMESTAMP = 1_900_000_000n;

interface Step {
  readonly label: string;
  readonly from: Hex;
  readonly to?: Hex;
  readonly data: Hex;
  readonly expectSuccess: boolean;
}

export interface StepOutcome {
  readonly label: string;
  readonly result: TransactionResult;
  readonly created: Hex | null;
}

export class EngineScenario {
  readonly steps: Step[] = [];
  /** Every contract address the steps create (predicted from the sender's nonce, as L1 gives them). */
  readonly contracts: Hex[] = [];
  private readonly nonces = new Map<Hex, number>();

  constructor(readonly name: string) {}

  private nextNonce(from: Hex): number {
    const nonce = this.nonces.get(from) ?? 0;
    this.nonces.set(from, nonce + 1);
    return nonce;
  }

  deploy(contract: string, args: unknown[] = [], opts: { link?: Record<string, Hex>; from?: Hex } = {}): Hex {
    const artifact = loadArtifact(contract);
    const iface = new Interface(artifact.abi as never);
    const code = opts.link ? linkBytecode(artifact.bytecode, artifact.linkReferences, opts.link) : artifact.bytecode;
    const data = (Buffer.from(code).toString("hex") + iface.encodeDeploy(args).slice(2)) as string;
    const from = opts.from ?? DEPLOYER;
    const address = getCreateAddress({ from, nonce: this.nextNonce(from) }).toLowerCase() as Hex;
    this.steps.push({ label: `deploy ${contract}`, from, data: `0x${data}` as Hex, expectSuccess: true });
    this.contracts.push(address);
    return address;
  }

  call(from: Hex, to: Hex, contract: string, fn: string, args: unknown[] = [], opts: { expectFailure?: boolean } = {}): void {
    const iface = new Interface(loadArtifact(contract).abi as never);
    this.nextNonce(from);
    this.steps.push({ label: `${contract}.${fn}`, from, to, data: iface.encodeFunctionData(fn, args) as Hex, expectSuccess: !opts.expectFailure });
  }

  /** Runs every step in order; each step gets the next timestamp, so TIMESTAMP agrees across engines. */
  async run(engine: Engine): Promise<StepOutcome[]> {
    const outcomes: StepOutcome[] = [];
    let timestamp = FIRST_TIMESTAMP;
    for (const step of this.steps) {
      timestamp += 12n;
      const common = { from: step.from, data: hexToBytes(step.data), gasLimit: GAS, timestamp };
      if (step.to === undefined) {
        const result = await engine.deploy(common);
        outcomes.push({ label: step.label, result, created: result.address });
      } else {
        outcomes.push({ label: step.label, result: await engine.execute({ ...common, to: step.to }), created: null });
      }
    }
    return outcomes;
  }
}
