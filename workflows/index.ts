export { customerLifecycle } from './lifecycle';
