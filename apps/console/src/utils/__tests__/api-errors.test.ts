import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type Problem } from '#/api/problem';
import { i18n } from '#/locales';
import { apiErrorText, fieldName, importRowText } from '../api-errors';
import { actorName, regionName, stageName } from '../reference';
import { decisionText, stepName } from '../steps';

const problem = (code: string, extra: Partial<Problem> = {}): ApiError =>
  new ApiError({
    type: 'about:blank',
    title: 'English title',
    status: 409,
    code,
    detail: 'English detail the console must not show',
    requestId: 'r1',
    ...extra,
  });

afterEach(() => {
  i18n.global.locale.value = 'zh-CN';
});

describe('API failures in the console’s words', () => {
  it('words a problem by its code with the field it concerns, never with the API’s text', () => {
    const text = apiErrorText(
      problem('plan_invalid', {
        status: 422,
        errors: [{ path: 'body.parties.1.shareBp', message: 'shares_not_whole' }],
      }),
    );
    expect(text).toBe('方案不符合规则，请按标出的提示修改（字段：份额）');
    expect(apiErrorText(problem('workflow_limit_reached'))).toBe('项目流程已达到此类操作的上限');
    expect(apiErrorText(problem('WrongStage'))).not.toContain('English');
  });

  it('keeps an unknown code visible with its status, and a lost connection in words', () => {
    expect(apiErrorText(problem('brand_new_code'))).toBe('请求未成功（409 brand_new_code）');
    expect(apiErrorText(new TypeError('fetch failed'))).toBe('无法连接服务器，请稍后重试');
  });

  it('names fields by their last named segment, or keeps the path', () => {
    expect(fieldName('body.parties.0.funding.1.source')).toBe('资金来源');
    expect(fieldName('querystring.somethingOdd')).toBe('somethingOdd');
  });

  it('words import rows by their codes', () => {
    const row = {
      row: 2,
      line: 3,
      field: 'residentId',
      code: 'resident_id_check_digit',
      message: 'x',
    };
    expect(importRowText(row)).toBe('身份证号校验位不正确');
  });

  it('speaks English when English is chosen', () => {
    i18n.global.locale.value = 'en';
    expect(apiErrorText(problem('catalogue_published'))).toBe(
      'This catalogue version is published and cannot change',
    );
    expect(stageName('cost_sharing')).toBe('Cost sharing');
    // Reference data: the data's own English name where it has one.
    expect(regionName('440000')).toBe('Guangdong');
    expect(regionName('441900', '东莞市')).toBe('Dongguan');
    // A county the reference data here lacks keeps the name the API sent.
    expect(regionName('999999', '某县')).toBe('某县');
  });
});

describe('the workflow’s records in words', () => {
  it('shows decisions with their region, step or kind, and actors by name', () => {
    expect(decisionText('approve_share:520500')).toBe(`同意分担：${regionName('520500')}`);
    expect(decisionText('retry:settle_claims')).toBe('重试步骤：补贴结算');
    expect(decisionText('fraud:false_training')).toBe('登记违规查处：虚假培训');
    expect(decisionText('close_enrolment')).toBe('结束报名');
    expect(stepName('enter_stage:training')).toBe('进入阶段「技能培训」');
    expect(actorName('user:0b6f', '东莞项目经理')).toBe('东莞项目经理');
    expect(actorName('workflow:project-1', null)).toBe('系统');
    expect(actorName('user:0b6f', null)).toBe('user:0b6f');
  });
});
