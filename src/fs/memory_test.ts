import { testFileSystem } from "./contract.ts";
import { createMemoryFileSystem } from "./memory.ts";

testFileSystem("memory", () => Promise.resolve(createMemoryFileSystem()));
