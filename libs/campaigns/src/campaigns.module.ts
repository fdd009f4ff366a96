import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { LeadsModule } from '@dialer/leads';
import { CampaignsService } from './campaigns.service';
import { Campaign } from './entities/campaign.entity';
import { CampaignList } from './entities/campaign-list.entity';
import { DispositionCode } from './entities/disposition-code.entity';

@Module({
  imports: [LeadsModule, MikroOrmModule.forFeature([Campaign, CampaignList, DispositionCode])],
  providers: [CampaignsService],
  exports: [CampaignsService, MikroOrmModule],
})
export class CampaignsModule {}
