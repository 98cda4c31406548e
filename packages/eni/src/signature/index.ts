export { loadSeal, type Seal } from './seal.ts';
export { signDetached, type SignaturePolicy } from './sign-detached.ts';
export { verifyDetached, type SignatureVerdict } from './verify-detached.ts';
export { generateTestSeal } from './test-seal.ts';
