// Rule exceptions: "not for this value", kept across sessions; alerts they match stay
// counted but hidden.
import type { RuleException } from '../../../case/index.ts';
import { newId } from '../../../store/id.ts';
import type { ServiceContext } from './context.ts';

export class ExceptionService {
  constructor(private readonly ctx: ServiceContext) {}

  async listExceptions(): Promise<RuleException[]> {
    return (await this.ctx.repos()).exceptions.list();
  }

  async addException(
    ruleId: string,
    field: string,
    value: string,
    fromAlert?: string,
  ): Promise<RuleException> {
    if (!field.trim()) throw new Error('An exception needs a field.');
    return (await this.ctx.repos()).exceptions.add({
      id: newId(),
      ruleId,
      field: field.trim(),
      value,
      createdAt: this.ctx.now(),
      fromAlert: fromAlert ?? null,
    });
  }

  async removeException(id: string): Promise<void> {
    await (await this.ctx.repos()).exceptions.remove(id);
  }
}
