// What every suite prints and saves next to its figures: timings are only comparable with the
// machine, and the load average says whether another process shared it during the run.
import os from "node:os";

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average when the suite started and when it ended. */
  loadAtStart: number;
  loadAtEnd?: number;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAtStart: os.loadavg()[0],
  };
}

export function finishMachine(machine: MachineInfo): MachineInfo {
  return { ...machine, loadAtEnd: os.loadavg()[0] };
}

export function machineLine(machine: MachineInfo): string {
  const load = `load ${machine.loadAtStart.toFixed(1)}${machine.loadAtEnd === undefined ? "" : ` -> ${machine.loadAtEnd.toFixed(1)}`}`;
  return `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}, ${machine.date} (${load})`;
}

/**
 * A load average above the core count means something else ran during the timings (other agents
 * run tests on the same machine): the ratios stay meaningful, the absolute figures less so.
 */
export function loadWarning(machine: MachineInfo): string | undefined {
  const worst = Math.max(machine.loadAtStart, machine.loadAtEnd ?? 0);
  if (worst <= machine.cores) return undefined;
  return `the machine was loaded (1-min load ${worst.toFixed(1)} on ${machine.cores} cores): absolute Mgas/s are low, compare ratios; re-run anything that looks off`;
}
