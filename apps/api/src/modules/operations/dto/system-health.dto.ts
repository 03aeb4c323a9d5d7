import { ApiProperty, ApiSchema } from '@nestjs/swagger';

export class SystemInstanceDto {
  @ApiProperty({ example: 'api-7f9c2-1234', description: 'This API process: host name and process id. With several instances, each reports its own' })
  id!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ example: 3600.5, description: 'Seconds since the process started' }) uptimeSeconds!: number;
}

export class SystemWindowDto {
  @ApiProperty({ example: 62.5, description: 'Length of the window the rates, shares and percentiles cover, in seconds (about the last minute)' })
  seconds!: number;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ example: 5, description: 'Seconds between two samples of the metrics (the points of `series`)' })
  sampleSeconds!: number;
}

export class SystemHttpDto {
  @ApiProperty({ example: 120, description: 'HTTP requests answered in the window' }) requests!: number;
  @ApiProperty({ example: 2, description: 'Requests per second over the window' }) requestsPerSecond!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 4.2,
    description: 'Median latency in milliseconds, estimated from the histogram buckets as Prometheus does; null without requests',
  })
  p50Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 21.7, description: '95th percentile latency in milliseconds (estimated likewise)' })
  p95Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 48.3, description: '99th percentile latency in milliseconds (estimated likewise)' })
  p99Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0, description: 'Share of requests answered 5xx (0..1); null without requests' })
  errorRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.05, description: 'Share of requests answered 4xx (0..1); null without requests' })
  clientErrorRate!: number | null;
}

export class SystemEventLoopDto {
  @ApiProperty({ type: Number, nullable: true, example: 10.1, description: 'Event-loop delay in milliseconds: the median of the samples’ medians; null before the first full sample' })
  p50Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 12.4, description: 'The highest 99th percentile of any sample in the window' })
  p99Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 30.2, description: 'The longest delay seen in the window' })
  maxMs!: number | null;
}

export class SystemMemoryDto {
  @ApiProperty({ example: 180_000_000, description: 'Resident set size of the process, bytes' }) rssBytes!: number;
  @ApiProperty({ example: 90_000_000, description: 'V8 heap in use, bytes' }) heapUsedBytes!: number;
  @ApiProperty({ example: 120_000_000, description: 'V8 heap reserved, bytes' }) heapTotalBytes!: number;
}

export class SystemDatabasePoolDto {
  @ApiProperty({ example: 1, description: 'Clients of this process’s PostgreSQL pool running a query or transaction' }) used!: number;
  @ApiProperty({ example: 2, description: 'Open clients waiting for work' }) idle!: number;
  @ApiProperty({ example: 0, description: 'Queries waiting for a free client' }) waiting!: number;
  @ApiProperty({ example: 10, description: 'The most clients the pool opens' }) max!: number;
}

export class SystemSocketsDto {
  @ApiProperty({ example: 12, description: 'Socket.IO connections to this instance' }) connected!: number;
}

export class SystemDeliveriesDto {
  @ApiProperty({ example: 3, description: 'Emails and SMS waiting to be sent, first attempts and retries (all instances)' }) queued!: number;
  @ApiProperty({ example: 1, description: 'Of the queued ones, those whose last attempt failed, waiting for a retry' }) retrying!: number;
  @ApiProperty({ example: 0, description: 'Given up (dead): refused permanently or out of attempts; see Mail & SMS' }) failed!: number;
  @ApiProperty({ example: 1520, description: 'Sent' }) sent!: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.2, description: 'Seconds the oldest queued one has waited; null when none is queued' })
  oldestQueuedSeconds!: number | null;
}

export class SystemSampleDto {
  @ApiProperty({ format: 'date-time', description: 'End of the sample; it covers the `sampleSeconds` before' }) at!: string;
  @ApiProperty({ example: 2.4 }) requestsPerSecond!: number;
  @ApiProperty({ type: Number, nullable: true, example: 20.5, description: 'null without requests' }) p95Ms!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0, description: 'Share of 5xx answers; null without requests' }) errorRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 11.2 }) eventLoopP99Ms!: number | null;
  @ApiProperty({ example: 90_000_000 }) heapUsedBytes!: number;
  @ApiProperty({ example: 180_000_000 }) rssBytes!: number;
}

@ApiSchema({
  name: 'SystemHealth',
  description:
    'Live health of the API instance that answered, read from the same Prometheus registry as /api/metrics. Rates, shares and percentiles cover the window; memory, pool, sockets and queue are current.',
})
export class SystemHealthDto {
  @ApiProperty({ type: SystemInstanceDto }) instance!: SystemInstanceDto;
  @ApiProperty({ type: SystemWindowDto }) window!: SystemWindowDto;
  @ApiProperty({ type: SystemHttpDto }) http!: SystemHttpDto;
  @ApiProperty({ type: SystemEventLoopDto }) eventLoop!: SystemEventLoopDto;
  @ApiProperty({ type: SystemMemoryDto }) memory!: SystemMemoryDto;
  @ApiProperty({ type: SystemDatabasePoolDto }) database!: SystemDatabasePoolDto;
  @ApiProperty({ type: SystemSocketsDto }) sockets!: SystemSocketsDto;
  @ApiProperty({ type: SystemDeliveriesDto }) deliveries!: SystemDeliveriesDto;
  @ApiProperty({ type: [SystemSampleDto], description: 'One point per sample in the window, oldest first (for charts)' })
  series!: SystemSampleDto[];
}
