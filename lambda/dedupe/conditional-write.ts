/**
 * Conditional DynamoDB writes, shared by the incident store and the diagnosis rate: a failed condition is an
 * answer (another racer got there first), not an error, so callAws resolves it to CONDITION_FAILED.
 */
import type { UpdateItemCommand } from '@aws-sdk/client-dynamodb';

export const CONDITION_FAILED = Symbol('condition-failed');
export type Conditional<T> = T | typeof CONDITION_FAILED;

/** callAws's `expected` argument: ConditionalCheckFailedException resolves to CONDITION_FAILED. */
export const CONDITIONAL = {
  names: ['ConditionalCheckFailedException'] as const,
  value: (): typeof CONDITION_FAILED => CONDITION_FAILED,
};

/** An UpdateItem input without the table and key (the store that sends it adds them). */
export type UpdateInput = Omit<ConstructorParameters<typeof UpdateItemCommand>[0], 'TableName' | 'Key'>;
