import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { EdictHealthIndicator } from '@edict/nestjs';

/** `GET /health`: readiness. 200 when the store answers and every handler caught up; else 503 with why. */
@Controller('health')
export class HealthController {
  constructor(private readonly health: EdictHealthIndicator) {}

  @Get()
  async ready() {
    const health = await this.health.check();
    if (health.status === 'down') throw new ServiceUnavailableException(health);
    return health;
  }
}
