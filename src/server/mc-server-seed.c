/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mc-deadline.h"
#include "mc-dossier-code.h"
#include "mc-fold.h"
#include "mc-server-auth.h"
#include "mc-server-seed.h"
#include "mc-store-users.h"
#include "mc-time.h"
#include "mc-workflow.h"

G_DEFINE_QUARK (mc-seed-error-quark, mc_seed_error)

/* Dossiers per write transaction: large enough that commits cost little,
 * small enough that a reader of the database is never blocked for long. */
#define BATCH 2000
/* The daily numbers of one receiving agency (mc-dossier-code.h). */
#define DAY_CAP MC_DOSSIER_CODE_NUMBER_MAX
#define MAX_STEPS 24

/* ------------------------------------------------------------------ */
/* The organisation                                                    */

/* Thanh Hóa kept its borders in the 2025 merger of provinces, and its
 * agency ids end in H56 (live dossier codes such as 000.00.14.H56-…). The
 * middle groups below follow the QCVN 102 pattern but are ours: the real
 * ids of each unit are a setting of a real deployment. */
typedef enum {
  DK_PROVINCE = 0,
  DK_CENTER,
  DK_STP,
  DK_SXD,
  DK_STC,
  DK_SNV,
  DK_SNNMT,
  DK_VPDKDD,
  DK_BHXH,
  DK_CAT,
  N_PROVINCIAL,
  /* The three units of each commune. */
  DK_COMMUNE_CENTER = N_PROVINCIAL,
  DK_COMMUNE_UBND,
  DK_COMMUNE_POLICE,
} DeptKind;

#define N_COMMUNE_UNITS 3

typedef struct {
  const char *code;
  const char *slug;       /* in usernames; NULL: a unit without officers */
  const char *agency_id;
  const char *name;
  int         parent;     /* DeptKind; -1 for the root */
  gboolean    one_stop;
} ProvinceDeptDef;

static const ProvinceDeptDef province_depts[N_PROVINCIAL] = {
  [DK_PROVINCE] = { "UBND-TINH", NULL, "000.00.00.H56",
                    "Ủy ban nhân dân tỉnh Thanh Hóa", -1, FALSE },
  [DK_CENTER] = { "TTPVHCC", "tinh", "000.00.01.H56",
                  "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa", DK_PROVINCE, TRUE },
  [DK_STP] = { "STP", "stp", "000.00.11.H56",
               "Sở Tư pháp tỉnh Thanh Hóa", DK_PROVINCE, FALSE },
  [DK_SXD] = { "SXD", "sxd", "000.00.12.H56",
               "Sở Xây dựng tỉnh Thanh Hóa", DK_PROVINCE, FALSE },
  /* Business registration moved to the Department of Finance (Phòng Đăng ký
   * kinh doanh) with the 2025 merger of Planning and Investment into it; its
   * officers here are that office's. */
  [DK_STC] = { "STC", "stc", "000.00.13.H56",
               "Sở Tài chính tỉnh Thanh Hóa", DK_PROVINCE, FALSE },
  [DK_SNV] = { "SNV", "snv", "000.00.14.H56",
               "Sở Nội vụ tỉnh Thanh Hóa", DK_PROVINCE, FALSE },
  [DK_SNNMT] = { "SNNMT", "snnmt", "000.00.15.H56",
                 "Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa", DK_PROVINCE, FALSE },
  [DK_VPDKDD] = { "VPDKDD", "vpdkdd", "000.01.15.H56",
                  "Văn phòng Đăng ký đất đai tỉnh Thanh Hóa", DK_SNNMT, FALSE },
  [DK_BHXH] = { "BHXH", "bhxh", "000.00.16.H56",
                "Bảo hiểm xã hội tỉnh Thanh Hóa", DK_PROVINCE, FALSE },
  [DK_CAT] = { "CAT", "cat", "000.00.17.H56",
               "Công an tỉnh Thanh Hóa", DK_PROVINCE, FALSE },
};

static const char *const hac_thanh_streets[] = {
  "Lê Lợi", "Trần Phú", "Bà Triệu", "Quang Trung", "Lê Hoàn", "Phan Chu Trinh",
  "Nguyễn Trãi", "Hạc Thành", "Tống Duy Tân", "Lý Thường Kiệt", "Trường Thi",
  "Dương Đình Nghệ", "Đội Cung", "Lê Lai", NULL
};
static const char *const sam_son_streets[] = {
  "Hồ Xuân Hương", "Nguyễn Du", "Tây Sơn", "Lê Lai", "Trần Hưng Đạo", "Bà Triệu",
  "Thanh Niên", "Lê Thánh Tông", NULL
};

/* Communes and wards of the two-tier local government (from 1 July 2025),
 * each with its own public administration service center. */
typedef struct {
  const char         *slug;
  const char         *code;
  const char         *kind;     /* "phường" or "xã" */
  const char         *name;
  int                 number;   /* its group in the agency ids */
  double              weight;   /* share of the communes' dossiers */
  const char *const  *streets;  /* NULL: a rural commune of thôn */
} CommuneDef;

static const CommuneDef communes[] = {
  { "hacthanh", "HACTHANH", "phường", "Hạc Thành", 41, 1.6, hac_thanh_streets },
  { "samson", "SAMSON", "phường", "Sầm Sơn", 42, 1.0, sam_son_streets },
  { "thoxuan", "THOXUAN", "xã", "Thọ Xuân", 43, 0.9, NULL },
  { "ngason", "NGASON", "xã", "Nga Sơn", 44, 0.8, NULL },
};
#define N_COMMUNES G_N_ELEMENTS (communes)
/* The receiving units: the provincial center, then each commune's center. */
#define N_UNITS (1 + N_COMMUNES)

/* Where else applicants live: elsewhere in the province, and a few in other
 * provinces, since Decree 118 accepts dossiers wherever the applicant lives. */
static const char *const other_places[] = {
  "phường Hàm Rồng, tỉnh Thanh Hóa", "phường Đông Sơn, tỉnh Thanh Hóa",
  "phường Quảng Phú, tỉnh Thanh Hóa", "phường Nguyệt Viên, tỉnh Thanh Hóa",
  "phường Bỉm Sơn, tỉnh Thanh Hóa", "phường Nghi Sơn, tỉnh Thanh Hóa",
  "xã Hoằng Hóa, tỉnh Thanh Hóa", "xã Hậu Lộc, tỉnh Thanh Hóa",
  "xã Vĩnh Lộc, tỉnh Thanh Hóa", "xã Yên Định, tỉnh Thanh Hóa",
};
static const char *const far_places[] = {
  "phường Trường Vinh, tỉnh Nghệ An", "phường Hoa Lư, tỉnh Ninh Bình",
  "phường Ba Đình, thành phố Hà Nội", "phường Sài Gòn, Thành phố Hồ Chí Minh",
};

/* ------------------------------------------------------------------ */
/* The procedures of domain.md §9                                       */

typedef struct {
  const char      *name;
  McComponentForm  form;
  guint            count;
  gboolean         mandatory;
} ComponentDef;

#define ORIGINAL MC_COMPONENT_ORIGINAL
#define CERTIFIED MC_COMPONENT_CERTIFIED_COPY
#define COPY MC_COMPONENT_COPY

typedef enum {
  ORG_NONE = 0,
  ORG_HOUSEHOLD,  /* hộ kinh doanh */
  ORG_COMPANY,
} OrgKind;

typedef struct {
  const char         *code;
  const char         *name;
  const char         *field;
  int                 dept;      /* DeptKind; the commune kinds mean one record per commune */
  int                 amount;
  McLimitUnit         unit;
  gint64              fee;       /* VND */
  McSupplementRule    rule;
  McOnlineLevel       online;
  double              weight;    /* how often it is asked for, relative */
  double              org_share; /* applicants that are organisations */
  OrgKind             org_kind;
  double              payment_share;  /* asked to pay a financial obligation first */
  const ComponentDef *components;     /* ends with { NULL } */
} ProcedureDef;

static const ComponentDef c_birth[] = {
  { "Tờ khai đăng ký khai sinh (theo mẫu)", ORIGINAL, 1, TRUE },
  { "Giấy chứng sinh", ORIGINAL, 1, TRUE },
  { "Căn cước của người đi đăng ký", COPY, 1, TRUE },
  { "Giấy chứng nhận kết hôn của cha, mẹ (nếu có)", COPY, 1, FALSE },
  { NULL }
};
static const ComponentDef c_marriage[] = {
  { "Tờ khai đăng ký kết hôn (theo mẫu)", ORIGINAL, 1, TRUE },
  { "Căn cước của hai bên nam, nữ", COPY, 2, TRUE },
  { "Giấy xác nhận tình trạng hôn nhân (nếu đăng ký ngoài nơi cư trú)", ORIGINAL, 1, FALSE },
  { NULL }
};
static const ComponentDef c_death[] = {
  { "Tờ khai đăng ký khai tử (theo mẫu)", ORIGINAL, 1, TRUE },
  { "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", ORIGINAL, 1, TRUE },
  { "Căn cước của người đi đăng ký", COPY, 1, TRUE },
  { NULL }
};
static const ComponentDef c_marital[] = {
  { "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)", ORIGINAL, 1, TRUE },
  { "Căn cước của người yêu cầu", COPY, 1, TRUE },
  { "Bản án, quyết định ly hôn hoặc trích lục khai tử (nếu đã có vợ, chồng)", CERTIFIED, 1, FALSE },
  { NULL }
};
static const ComponentDef c_copy[] = {
  { "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", ORIGINAL, 1, TRUE },
  { "Bản sao cần chứng thực", COPY, 1, TRUE },
  { NULL }
};
static const ComponentDef c_signature[] = {
  { "Căn cước của người yêu cầu chứng thực", COPY, 1, TRUE },
  { "Giấy tờ, văn bản cần chứng thực chữ ký", ORIGINAL, 1, TRUE },
  { NULL }
};
static const ComponentDef c_register_copy[] = {
  { "Văn bản yêu cầu cấp bản sao từ sổ gốc", ORIGINAL, 1, TRUE },
  { "Căn cước của người yêu cầu", COPY, 1, TRUE },
  { "Giấy tờ chứng minh quan hệ với người được cấp bản chính (nếu có)", CERTIFIED, 1, FALSE },
  { NULL }
};
static const ComponentDef c_permanent[] = {
  { "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", ORIGINAL, 1, TRUE },
  { "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", CERTIFIED, 1, TRUE },
  { "Giấy tờ chứng minh quan hệ nhân thân với chủ hộ (nếu nhập vào hộ đã có)", CERTIFIED, 1, FALSE },
  { NULL }
};
static const ComponentDef c_temporary[] = {
  { "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", ORIGINAL, 1, TRUE },
  { "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", COPY, 1, TRUE },
  { NULL }
};
static const ComponentDef c_household_new[] = {
  { "Giấy đề nghị đăng ký hộ kinh doanh", ORIGINAL, 1, TRUE },
  { "Bản sao giấy tờ pháp lý của cá nhân các thành viên hộ gia đình", COPY, 1, TRUE },
  { "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh", ORIGINAL, 1, FALSE },
  { "Văn bản ủy quyền cho thành viên làm chủ hộ kinh doanh", CERTIFIED, 1, FALSE },
  { NULL }
};
static const ComponentDef c_household_change[] = {
  { "Thông báo thay đổi nội dung đăng ký hộ kinh doanh", ORIGINAL, 1, TRUE },
  { "Giấy chứng nhận đăng ký hộ kinh doanh đã cấp", ORIGINAL, 1, TRUE },
  { "Biên bản họp thành viên hộ gia đình (khi thay đổi chủ hộ)", ORIGINAL, 1, FALSE },
  { NULL }
};
static const ComponentDef c_record[] = {
  { "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (theo mẫu)", ORIGINAL, 1, TRUE },
  { "Căn cước của người yêu cầu", COPY, 1, TRUE },
  { "Văn bản ủy quyền (trường hợp ủy quyền)", CERTIFIED, 1, FALSE },
  { NULL }
};
static const ComponentDef c_building[] = {
  { "Đơn đề nghị cấp giấy phép xây dựng (mẫu số 01)", ORIGINAL, 1, TRUE },
  { "Giấy tờ chứng minh quyền sử dụng đất", CERTIFIED, 1, TRUE },
  { "Bản vẽ thiết kế xây dựng", ORIGINAL, 2, TRUE },
  { "Bản kê khai năng lực của tổ chức, cá nhân thiết kế (nếu có)", ORIGINAL, 1, FALSE },
  { NULL }
};
static const ComponentDef c_building_ext[] = {
  { "Đơn đề nghị gia hạn giấy phép xây dựng", ORIGINAL, 1, TRUE },
  { "Bản chính giấy phép xây dựng đã được cấp", ORIGINAL, 1, TRUE },
  { NULL }
};
static const ComponentDef c_land[] = {
  { "Đơn đăng ký đất đai, tài sản gắn liền với đất (mẫu số 04/ĐK)", ORIGINAL, 1, TRUE },
  { "Giấy tờ về quyền sử dụng đất", CERTIFIED, 1, TRUE },
  { "Mảnh trích đo bản đồ địa chính thửa đất (nếu có)", ORIGINAL, 1, FALSE },
  { "Chứng từ thực hiện nghĩa vụ tài chính (nếu có)", COPY, 1, FALSE },
  { NULL }
};
static const ComponentDef c_company[] = {
  { "Giấy đề nghị đăng ký doanh nghiệp", ORIGINAL, 1, TRUE },
  { "Điều lệ công ty", ORIGINAL, 1, TRUE },
  { "Danh sách thành viên hoặc cổ đông sáng lập", ORIGINAL, 1, TRUE },
  { "Bản sao giấy tờ pháp lý của cá nhân, tổ chức là thành viên", COPY, 1, TRUE },
  { NULL }
};
static const ComponentDef c_licence[] = {
  { "Đơn đề nghị đổi giấy phép lái xe (theo mẫu)", ORIGINAL, 1, TRUE },
  { "Giấy khám sức khỏe của người lái xe", ORIGINAL, 1, TRUE },
  { "Bản sao giấy phép lái xe đang sử dụng", COPY, 1, TRUE },
  { NULL }
};
static const ComponentDef c_work_permit[] = {
  { "Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động", ORIGINAL, 1, TRUE },
  { "Giấy chứng nhận sức khỏe", ORIGINAL, 1, TRUE },
  { "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người phạm tội", ORIGINAL, 1, TRUE },
  { "Văn bản chứng minh là nhà quản lý, chuyên gia hoặc lao động kỹ thuật", CERTIFIED, 1, TRUE },
  { "Hộ chiếu", CERTIFIED, 1, TRUE },
  { "Ảnh màu 4 x 6 cm", ORIGINAL, 2, TRUE },
  { NULL }
};
static const ComponentDef c_insurance[] = {
  { "Đơn đề nghị hưởng bảo hiểm xã hội một lần (mẫu số 14-HSB)", ORIGINAL, 1, TRUE },
  { "Sổ bảo hiểm xã hội", ORIGINAL, 1, TRUE },
  { "Căn cước của người đề nghị", COPY, 1, TRUE },
  { NULL }
};

#define WD MC_LIMIT_WORKING_DAYS
#define CD MC_LIMIT_CALENDAR_DAYS
#define SAME MC_LIMIT_SAME_DAY
#define PAUSE MC_SUPPLEMENT_PAUSE
#define RESTART MC_SUPPLEMENT_RESTART
#define FULL MC_ONLINE_FULL
#define PARTIAL MC_ONLINE_PARTIAL
#define OFFLINE MC_ONLINE_NONE

/* Fees marked [§9] are those of domain.md; the others are demo values in
 * the range provinces set (many civil status services are free by law).
 * Weights make certification and civil status the bulk of the work, as at
 * any commune, and the provincial services a third of it. Procedures whose
 * file must be rebuilt after a supplement (land, building, companies)
 * restart the clock; the rest pause it. */
enum {
  P_BIRTH, P_MARRIAGE, P_DEATH, P_MARITAL, P_COPY, P_SIGNATURE, P_REGISTER_COPY,
  P_PERMANENT, P_TEMPORARY, P_HOUSEHOLD_NEW, P_HOUSEHOLD_CHANGE, P_BUILDING,
  P_RECORD, P_BUILDING_EXT, P_LAND, P_COMPANY, P_LICENCE, P_WORK_PERMIT, P_INSURANCE,
  N_PROCEDURE_DEFS
};

static const ProcedureDef procedure_defs[N_PROCEDURE_DEFS] = {
  [P_BIRTH] = { "1.001193", "Đăng ký khai sinh", "Hộ tịch", DK_COMMUNE_UBND,
                0, SAME, 0, PAUSE, FULL, 7, 0, ORG_NONE, 0, c_birth },
  [P_MARRIAGE] = { "1.000894", "Đăng ký kết hôn", "Hộ tịch", DK_COMMUNE_UBND,
                   0, SAME, 0, PAUSE, PARTIAL, 3, 0, ORG_NONE, 0, c_marriage },
  [P_DEATH] = { "1.000656", "Đăng ký khai tử", "Hộ tịch", DK_COMMUNE_UBND,
                0, SAME, 0, PAUSE, FULL, 2, 0, ORG_NONE, 0, c_death },
  [P_MARITAL] = { "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", DK_COMMUNE_UBND,
                  3, WD, 0, PAUSE, FULL, 5, 0, ORG_NONE, 0, c_marital },
  /* [§9] 2,000 VND per page: the fee is per page, so this is the first page. */
  [P_COPY] = { "2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", DK_COMMUNE_UBND,
               0, SAME, 2000, PAUSE, PARTIAL, 14, 0, ORG_NONE, 0, c_copy },
  [P_SIGNATURE] = { "2.000884", "Chứng thực chữ ký", "Chứng thực", DK_COMMUNE_UBND,
                    0, SAME, 10000, PAUSE, OFFLINE, 4, 0, ORG_NONE, 0, c_signature },
  [P_REGISTER_COPY] = { "2.000908", "Cấp bản sao từ sổ gốc", "Chứng thực", DK_COMMUNE_UBND,
                        0, SAME, 8000, PAUSE, FULL, 2, 0, ORG_NONE, 0, c_register_copy },
  [P_PERMANENT] = { "1.004222", "Đăng ký thường trú", "Cư trú", DK_COMMUNE_POLICE,
                    7, WD, 20000, PAUSE, FULL, 5, 0, ORG_NONE, 0, c_permanent },
  [P_TEMPORARY] = { "1.004194", "Đăng ký tạm trú", "Cư trú", DK_COMMUNE_POLICE,
                    3, WD, 15000, PAUSE, FULL, 6, 0, ORG_NONE, 0, c_temporary },
  [P_HOUSEHOLD_NEW] = { "1.001612", "Đăng ký thành lập hộ kinh doanh", "Hộ kinh doanh", DK_COMMUNE_UBND,
                        3, WD, 100000, PAUSE, FULL, 3, 0, ORG_NONE, 0, c_household_new },
  [P_HOUSEHOLD_CHANGE] = { "2.000720", "Thay đổi nội dung đăng ký hộ kinh doanh", "Hộ kinh doanh",
                           DK_COMMUNE_UBND, 3, WD, 50000, PAUSE, FULL, 2, 1.0, ORG_HOUSEHOLD, 0,
                           c_household_change },
  [P_BUILDING] = { "1.013225", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng",
                   DK_COMMUNE_UBND, 15, CD, 75000, RESTART, PARTIAL, 2, 0.05, ORG_COMPANY, 0,
                   c_building },
  /* [§9] 200,000 VND. */
  [P_RECORD] = { "2.000488", "Cấp Phiếu lý lịch tư pháp", "Lý lịch tư pháp", DK_STP,
                 10, CD, 200000, PAUSE, FULL, 6, 0, ORG_NONE, 0, c_record },
  [P_BUILDING_EXT] = { "1.013227", "Gia hạn giấy phép xây dựng", "Hoạt động xây dựng", DK_SXD,
                       5, WD, 15000, PAUSE, FULL, 0.6, 0.3, ORG_COMPANY, 0, c_building_ext },
  [P_LAND] = { "1.012753", "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu "
               "tài sản gắn liền với đất lần đầu", "Đất đai", DK_VPDKDD,
               20, WD, 100000, RESTART, PARTIAL, 5, 0.05, ORG_COMPANY, 0.5, c_land },
  /* §9 gives no national code: a local one, "H56." and the department. */
  [P_COMPANY] = { "H56.STC.001", "Đăng ký thành lập doanh nghiệp",
                  "Thành lập và hoạt động doanh nghiệp", DK_STC,
                  3, WD, 50000, RESTART, FULL, 3, 1.0, ORG_COMPANY, 0, c_company },
  /* No national code in §9 either. Since 1 March 2025 the police, not the
   * Department of Construction, exchange driving licences: Công an tỉnh.
   * [§9] 135,000 VND. */
  [P_LICENCE] = { "H56.CAT.001", "Cấp đổi giấy phép lái xe", "Đường bộ", DK_CAT,
                  5, WD, 135000, PAUSE, FULL, 6, 0, ORG_NONE, 0, c_licence },
  [P_WORK_PERMIT] = { "1.014199", "Cấp giấy phép lao động cho người lao động nước ngoài", "Việc làm",
                      DK_SNV, 5, WD, 600000, PAUSE, FULL, 0.6, 1.0, ORG_COMPANY, 0, c_work_permit },
  [P_INSURANCE] = { "1.001613", "Giải quyết hưởng bảo hiểm xã hội một lần", "Bảo hiểm xã hội", DK_BHXH,
                    10, CD, 0, PAUSE, FULL, 4, 0, ORG_NONE, 0, c_insurance },
};

static gboolean
def_is_commune (const ProcedureDef *def)
{
  return def->dept >= N_PROVINCIAL;
}

/* ------------------------------------------------------------------ */
/* Names, numbers, places                                              */

typedef struct {
  const char *text;
  double      weight;
} Weighted;

/* Family names with rough frequencies; Lê and Trịnh are more common in
 * Thanh Hóa than in the country as a whole. */
static const Weighted family_names[] = {
  { "Nguyễn", 31 }, { "Lê", 14 }, { "Trần", 8 }, { "Phạm", 6 }, { "Hoàng", 3.5 },
  { "Trịnh", 3 }, { "Vũ", 3 }, { "Bùi", 2.5 }, { "Đỗ", 2.2 }, { "Đặng", 2 },
  { "Phan", 1.8 }, { "Ngô", 1.5 }, { "Hồ", 1.2 }, { "Mai", 1.2 }, { "Dương", 1 },
  { "Đinh", 1 }, { "Hà", 1 }, { "Lương", 0.8 }, { "Cao", 0.8 }, { "Đào", 0.7 },
  { "Võ", 0.6 }, { "Lý", 0.5 }, { "Huỳnh", 0.4 }, { "Tạ", 0.4 }, { "Lưu", 0.4 },
  { "Quách", 0.4 }, { "Vương", 0.3 }, { "Tống", 0.3 },
};
static const char *const male_middle[] = {
  "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thanh",
  "Ngọc", "Tiến", "Thế", "Đình", "Trọng", "Mạnh", "Anh", "Bá",
};
static const char *const female_middle[] = {
  "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Thùy", "Hồng",
  "Kim", "Mai", "Bảo", "Khánh", "Diệu", "Hải",
};
static const char *const male_given[] = {
  "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Sơn", "Long", "Quân", "Đức",
  "Thắng", "Cường", "Hiếu", "Trung", "Phúc", "Khang", "Huy", "Bảo", "An", "Tùng",
  "Việt", "Thành", "Hoàng", "Lâm", "Kiên", "Tú", "Vinh", "Hưng", "Toàn", "Khoa",
};
static const char *const female_given[] = {
  "Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Thảo", "Ngọc", "Hà", "Huyền",
  "Nhung", "Yến", "Phương", "Vân", "Thủy", "Hằng", "Anh", "Chi", "Nhi", "Vy",
  "Hạnh", "Loan", "Dung", "Quyên", "Giang", "Oanh", "Thư", "Trâm",
};

/* Mobile prefixes of the networks, weighted by their share of subscribers. */
static const char *const viettel[] = { "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039" };
static const char *const vinaphone[] = { "088", "091", "094", "081", "082", "083", "084", "085" };
static const char *const mobifone[] = { "089", "090", "093", "070", "076", "077", "078", "079" };
static const char *const vietnamobile[] = { "092", "056", "058" };

/* Where citizens were registered at birth (the first three digits of the
 * citizen id): Thanh Hóa (038) mostly, then neighbours and big cities. */
static const char *const other_birth_provinces[] = { "001", "037", "040", "035", "036", "079", "031", "042" };

static const char *const company_forms[] = { "Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần" };
static const char *const company_trades[] = {
  "Thương mại và Dịch vụ", "Xây dựng", "Đầu tư và Phát triển", "Vận tải", "Sản xuất và Thương mại",
  "Nông sản", "Du lịch", "Công nghệ", "Vật liệu xây dựng", "Thủy sản", "May mặc",
};
static const char *const company_names[] = {
  "Hà Phát", "Minh Long", "Thành Công", "Lam Sơn", "Hồng Đức", "Sao Mai", "Phú Thành", "An Khang",
  "Hưng Thịnh", "Trường Sơn", "Hoàng Gia", "Việt Tiến", "Nam Phong", "Đông Á", "Bình Minh",
  "Thiên Phúc", "Tân Thành", "Quốc Anh", "Hải Đăng", "Kim Ngân", "Sầm Sơn Xanh", "Xứ Thanh",
};
static const char *const household_trades[] = {
  "Tạp hóa", "Điện thoại", "Quán cơm", "Salon tóc", "Vật liệu xây dựng", "Xưởng mộc", "Nông sản",
  "Hải sản", "Cà phê", "Sửa chữa xe máy", "Thời trang", "Thuốc thú y", "Bánh gai", "Nem chua",
};

/* What officers write in the history: the reasons the forms print. */
static const char *const refuse_reasons[] = {
  "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan",
  "Thông tin kê khai không khớp với Cơ sở dữ liệu quốc gia về dân cư",
  "Hồ sơ nộp trùng, đã có hồ sơ cùng nội dung đang được giải quyết",
};
static const char *const reassign_reasons[] = {
  "Chuyên viên được phân công nghỉ phép, chuyển người xử lý",
  "Điều chỉnh phân công để cân đối khối lượng công việc",
};
static const char *const send_back_reasons[] = {
  "Đề nghị chuyên viên rà soát lại nội dung dự thảo kết quả",
  "Dự thảo còn sai sót về thông tin người yêu cầu, đề nghị chỉnh sửa",
};
static const char *const refuse_result_reasons[] = {
  "Không đủ điều kiện giải quyết theo quy định",
  "Kết quả xác minh không phù hợp với nội dung đề nghị",
};
static const char *const apology_reasons[] = {
  "Hồ sơ cần xác minh thêm thông tin với cơ quan liên quan",
  "Chờ ý kiến phối hợp của cơ quan liên quan",
  "Khối lượng hồ sơ tăng đột biến, cơ quan chưa kịp giải quyết",
};
static const char *const withdraw_reasons[] = {
  "Công dân có đơn đề nghị rút hồ sơ",
  "Người yêu cầu đề nghị rút hồ sơ để bổ sung, nộp lại sau",
};
static const char *const stop_reason =
  "Quá thời hạn bổ sung hồ sơ nhưng người yêu cầu không bổ sung";

/* ------------------------------------------------------------------ */
/* The seeder                                                          */

typedef struct _Dept Dept;

typedef struct {
  char   *id;
  char   *username;
  char   *full_name;
  McRole  role;
  Dept   *dept;       /* NULL for the supervisor and the administrator */
} Officer;

struct _Dept {
  char      *id;
  char      *code;
  char      *agency_id;
  char      *name;
  int        kind;
  int        commune;        /* index into communes[]; -1: provincial */
  gboolean   one_stop;
  const char *slug;
  const char *parent_id;
  Officer   *leader;         /* nullable */
  GPtrArray *specialists;    /* Officer, borrowed */
  GPtrArray *receptionists;  /* Officer, borrowed */
};

typedef struct {
  const ProcedureDef *def;
  char               *id;
  Dept               *dept;
} Proc;

/* Dossiers the demo must show whatever N is: every status, some due soon,
 * some overdue. They are few, placed just before `now`. */
typedef enum {
  F_NONE = 0,
  F_SUBMITTED,
  F_RECEIVED,
  F_PAYMENT,
  F_SUPPLEMENT,
  F_DUE_SOON,
  F_OVERDUE,
  F_REFUSED,
  F_WITHDRAWN,
  F_STOPPED,
} Forced;

static const Forced forced_list[] = {
  F_SUBMITTED, F_RECEIVED, F_PAYMENT, F_DUE_SOON, F_OVERDUE, F_SUPPLEMENT, F_REFUSED,
  F_WITHDRAWN, F_STOPPED, F_SUBMITTED, F_RECEIVED, F_PAYMENT, F_DUE_SOON, F_OVERDUE,
};

typedef struct {
  gint64  at;        /* reception (or online submission) */
  guint8  def;       /* index into procedure_defs */
  guint8  unit;      /* receiving unit: 0 the provincial center, 1 + commune */
  guint8  channel;   /* McChannel */
  guint8  forced;    /* Forced */
  guint32 order;     /* draw order, to break ties deterministically */
} Arrival;

typedef struct {
  McAction    action;
  gint64      at;
  Officer    *actor;        /* NULL: the applicant, online */
  Dept       *to_dept;
  Officer    *assignee;
  const char *reason;
  gint64      appointment;
} Step;

typedef struct {
  Step      steps[MAX_STEPS];
  guint     n;
  McAction  hold_after;     /* MC_N_ACTIONS: none */
  gboolean  held;
  McPause   pauses[2];      /* as planned, for the due date */
  guint     n_pauses;
} Plan;

typedef struct {
  McStore      *store;
  McCalendar   *calendar;
  GRand        *rand;
  gint64        now;
  gint64        day_seconds;
  GPtrArray    *depts;      /* Dept, owned */
  GPtrArray    *officers;   /* Officer, owned */
  Dept         *province[N_PROVINCIAL];
  Dept         *commune_units[N_COMMUNES][N_COMMUNE_UNITS];
  Dept         *units[N_UNITS];
  Proc          procs[N_PROCEDURE_DEFS][N_COMMUNES];  /* provincial ones at [d][0] */
  Officer      *supervisor;
  Officer      *admin;
  gint64        first_day;  /* local day numbers of the window */
  guint         n_days;
  guint        *day_counts; /* [unit * n_days + day]: numbers taken */
  GArray       *working_days;  /* gint64 local day numbers */
  /* The outcomes chosen so far, per class, to steer towards §6's shares. */
  guint         tally[MC_SEED_N_CLASSES][MC_TIMELINESS_LATE + 1];
  guint         tally_n[MC_SEED_N_CLASSES];
  McSeedReport *report;
} Seeder;

static void
officer_free (gpointer data)
{
  Officer *o = data;

  g_free (o->id);
  g_free (o->username);
  g_free (o->full_name);
  g_free (o);
}

static void
dept_free (gpointer data)
{
  Dept *d = data;

  g_free (d->id);
  g_free (d->code);
  g_free (d->agency_id);
  g_free (d->name);
  g_ptr_array_unref (d->specialists);
  g_ptr_array_unref (d->receptionists);
  g_free (d);
}

static void
seeder_clear (Seeder *s)
{
  g_clear_pointer (&s->rand, g_rand_free);
  g_clear_pointer (&s->depts, g_ptr_array_unref);
  g_clear_pointer (&s->officers, g_ptr_array_unref);
  g_clear_pointer (&s->day_counts, g_free);
  g_clear_pointer (&s->working_days, g_array_unref);
  for (guint d = 0; d < N_PROCEDURE_DEFS; d++)
    for (guint c = 0; c < N_COMMUNES; c++)
      g_clear_pointer (&s->procs[d][c].id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seeder, seeder_clear)

/* Random choices: all of them come from the one GRand, in a fixed order. */

static double
rnd (Seeder *s)
{
  return g_rand_double (s->rand);
}

/* In [lo, hi]. */
static gint64
rnd_range (Seeder *s,
           gint64  lo,
           gint64  hi)
{
  if (hi <= lo)
    return lo;
  return lo + (gint64) (g_rand_double (s->rand) * (double) (hi - lo + 1));
}

static gboolean
chance (Seeder *s,
        double  p)
{
  return g_rand_double (s->rand) < p;
}

#define PICK(s, array) ((array)[g_rand_int_range ((s)->rand, 0, (gint32) G_N_ELEMENTS (array))])

static guint
pick_weighted (Seeder       *s,
               const double *weights,
               guint         n)
{
  double total = 0, x;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  x = rnd (s) * total;
  for (guint i = 0; i < n; i++)
    {
      if (x < weights[i])
        return i;
      x -= weights[i];
    }
  return n - 1;
}

static const char *
pick_text (Seeder         *s,
           const Weighted *table,
           guint           n)
{
  double weights[64];

  g_assert (n <= G_N_ELEMENTS (weights));
  for (guint i = 0; i < n; i++)
    weights[i] = table[i].weight;
  return table[pick_weighted (s, weights, n)].text;
}

static guint
strv_len (const char *const *v)
{
  guint n = 0;

  while (v[n] != NULL)
    n++;
  return n;
}

static gpointer
pick_ptr (Seeder    *s,
          GPtrArray *array)
{
  g_assert (array->len > 0);
  return g_ptr_array_index (array, g_rand_int_range (s->rand, 0, (gint32) array->len));
}

/* A version 4 UUID from the seeded generator, never from the OS: the same
 * seed must give the same ids. */
static char *
new_uuid (Seeder *s)
{
  guint32 a = g_rand_int (s->rand);
  guint32 b = (g_rand_int (s->rand) & 0xffff0fffu) | 0x00004000u;
  guint32 c = (g_rand_int (s->rand) & 0x3fffffffu) | 0x80000000u;
  guint32 d = g_rand_int (s->rand);

  return g_strdup_printf ("%08x-%04x-%04x-%04x-%04x%08x",
                          a, b >> 16, b & 0xffffu, c >> 16, c & 0xffffu, d);
}

/* ------------------------------------------------------------------ */
/* Time                                                                */

static gint64
local_day (gint64 t)
{
  gint64 local = t + MC_TIME_PROVINCE_OFFSET;

  return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

static gint64
day_start (gint64 day)
{
  return day * 86400 - MC_TIME_PROVINCE_OFFSET;
}

/* Midnight (local) that starts the day of `t`. */
static gint64
start_of_day (gint64 t)
{
  return day_start (local_day (t));
}

static void
day_to_date (gint64  day,
             int    *year,
             int    *month,
             int    *mday)
{
  /* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
  gint64 z = day + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;

  *year = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
  *month = (int) m;
  *mday = (int) d;
}

static gboolean
is_working_day (Seeder *s,
                gint64  day)
{
  int y, m, d;

  day_to_date (day, &y, &m, &d);
  return mc_calendar_is_working_day (s->calendar, y, m, d);
}

/* `seconds` of working time after `t`; from outside office hours the count
 * starts at the next opening. */
static gint64
work_add (Seeder *s,
          gint64  t,
          gint64  seconds)
{
  gint64 r = mc_deadline_add_working_time (s->calendar, t, MAX (seconds, 1));

  g_assert (r != MC_TIME_NONE);
  return r;
}

/* A moment `seconds` of working time before `t`, inside office hours. */
static gint64
work_sub (Seeder *s,
          gint64  t,
          gint64  seconds)
{
  gint64 r = mc_deadline_add_working_time (s->calendar, t, -seconds);

  g_assert (r != MC_TIME_NONE);
  return r;
}

static gint64
work_between (Seeder *s,
              gint64  from,
              gint64  to)
{
  return mc_deadline_working_seconds_between (s->calendar, from, to);
}

/* A moment in the office hours of a working day, the morning busier. */
static gint64
office_moment (Seeder *s,
               gint64  day)
{
  const McOfficeHours *hours = mc_calendar_get_office_hours (s->calendar);
  double weights[MC_CALENDAR_MAX_INTERVALS];
  const McInterval *iv;

  for (guint i = 0; i < hours->n_intervals; i++)
    weights[i] = (hours->intervals[i].end - hours->intervals[i].start) * (i == 0 ? 1.3 : 1.0);
  iv = &hours->intervals[pick_weighted (s, weights, hours->n_intervals)];
  return day_start (day) + (gint64) iv->start * 60 +
         rnd_range (s, 0, (gint64) (iv->end - iv->start) * 60 - 1);
}

static gint64
window_start (Seeder *s)
{
  return day_start (s->first_day);
}

static gint64
sample_office_time (Seeder *s)
{
  for (;;)
    {
      gint64 day = g_array_index (s->working_days, gint64,
                                  g_rand_int_range (s->rand, 0, (gint32) s->working_days->len));
      gint64 t = office_moment (s, day);

      if (t < s->now && t >= window_start (s))
        return t;
    }
}

/* Online submissions come at any hour, mostly in the evening. */
static gint64
sample_any_time (Seeder *s)
{
  static const double hour_weights[24] = {
    0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 1, 2, 3, 3, 3, 3, 2, 2, 3, 3, 3, 2, 2, 3, 4, 4, 3, 1,
  };

  for (;;)
    {
      gint64 day = s->first_day + rnd_range (s, 0, s->n_days - 1);
      gint64 hour = pick_weighted (s, hour_weights, 24);
      gint64 t = day_start (day) + hour * 3600 + rnd_range (s, 0, 3599);

      if (t < s->now && t >= window_start (s))
        return t;
    }
}

/* ------------------------------------------------------------------ */
/* People                                                              */

typedef struct {
  char     *name;
  gboolean  male;
  int       birth_year;
} Person;

/* Every draw is a statement of its own: C leaves the order in which a
 * call's arguments are evaluated open, and the seed must give the same
 * data whatever the compiler. */
static char *
person_name (Seeder   *s,
             gboolean  male)
{
  const char *family = pick_text (s, family_names, G_N_ELEMENTS (family_names));
  const char *middle = male ? PICK (s, male_middle) : PICK (s, female_middle);
  const char *given = male ? PICK (s, male_given) : PICK (s, female_given);

  return g_strdup_printf ("%s %s %s", family, middle, given);
}

static Person
new_person (Seeder *s,
            int     min_age,
            int     max_age)
{
  Person p;
  int y, m, d;

  day_to_date (local_day (s->now), &y, &m, &d);
  p.male = chance (s, 0.5);
  p.name = person_name (s, p.male);
  p.birth_year = y - (int) rnd_range (s, min_age, max_age);
  return p;
}

/* CCCD: province of birth registration (3), gender and century (1), year
 * of birth (2), then 6 digits. */
static char *
citizen_id (Seeder       *s,
            const Person *p)
{
  const char *province = chance (s, 0.86) ? "038" : PICK (s, other_birth_provinces);
  int century = (p->birth_year >= 2000 ? 2 : 0) + (p->male ? 0 : 1);

  return g_strdup_printf ("%s%d%02d%06d", province, century, p->birth_year % 100,
                          (int) rnd_range (s, 0, 999999));
}

static char *
phone_number (Seeder *s)
{
  static const double network_weights[] = { 52, 25, 19, 4 };
  const char *prefix;

  switch (pick_weighted (s, network_weights, G_N_ELEMENTS (network_weights)))
    {
    case 0: prefix = PICK (s, viettel); break;
    case 1: prefix = PICK (s, vinaphone); break;
    case 2: prefix = PICK (s, mobifone); break;
    default: prefix = PICK (s, vietnamobile); break;
    }
  return g_strdup_printf ("%s%07d", prefix, (int) rnd_range (s, 0, 9999999));
}

/* "nguyenvanhung" from "Nguyễn Văn Hùng". */
static char *
ascii_handle (const char *name)
{
  g_autofree char *folded = mc_fold (name);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
email_for (Seeder     *s,
           const char *name,
           int         year)
{
  g_autofree char *handle = ascii_handle (name);
  int number;

  if (chance (s, 0.5))
    return g_strdup_printf ("%s%02d@gmail.com", handle, year % 100);
  number = (int) rnd_range (s, 1, 999);
  return g_strdup_printf ("%s%d@%s", handle, number, chance (s, 0.85) ? "gmail.com" : "yahoo.com.vn");
}

/* A ten-digit tax code of the Thanh Hóa tax office (28…) with the check
 * digit published validators compute: 10 − (Σ dᵢ·wᵢ mod 11). */
static char *
tax_code (Seeder *s)
{
  static const int weights[9] = { 31, 29, 23, 19, 17, 13, 7, 5, 3 };

  for (;;)
    {
      int digits[9] = { 2, 8 };
      int sum = 0, check;

      for (guint i = 2; i < 9; i++)
        digits[i] = (int) rnd_range (s, 0, 9);
      for (guint i = 0; i < 9; i++)
        sum += digits[i] * weights[i];
      check = 10 - sum % 11;
      if (check >= 10)
        continue;
      return g_strdup_printf ("%d%d%d%d%d%d%d%d%d%d", digits[0], digits[1], digits[2], digits[3],
                              digits[4], digits[5], digits[6], digits[7], digits[8], check);
    }
}

static char *
address_in_commune (Seeder *s,
                    guint   commune)
{
  const CommuneDef *c = &communes[commune];

  if (c->streets != NULL)
    {
      const char *street = c->streets[g_rand_int_range (s->rand, 0, (gint32) strv_len (c->streets))];

      if (chance (s, 0.3))
        {
          int house = (int) rnd_range (s, 1, 60);
          int lane = (int) rnd_range (s, 2, 250);

          return g_strdup_printf ("Số %d ngõ %d đường %s, %s %s, tỉnh Thanh Hóa",
                                  house, lane, street, c->kind, c->name);
        }
      return g_strdup_printf ("Số %d đường %s, %s %s, tỉnh Thanh Hóa",
                              (int) rnd_range (s, 1, 420), street, c->kind, c->name);
    }
  if (chance (s, 0.25))
    return g_strdup_printf ("Khu phố %d, %s %s, tỉnh Thanh Hóa",
                            (int) rnd_range (s, 1, 9), c->kind, c->name);
  return g_strdup_printf ("Thôn %d, %s %s, tỉnh Thanh Hóa",
                          (int) rnd_range (s, 1, 18), c->kind, c->name);
}

static char *
address (Seeder *s,
         int     home)
{
  double x = rnd (s);
  const char *place;

  if (home >= 0 && x < 0.8)
    return address_in_commune (s, (guint) home);
  if (x < 0.88)
    return address_in_commune (s, (guint) g_rand_int_range (s->rand, 0, N_COMMUNES));
  if (x < 0.97)
    {
      place = PICK (s, other_places);
      return g_strdup_printf ("Thôn %d, %s", (int) rnd_range (s, 1, 15), place);
    }
  place = PICK (s, far_places);
  return g_strdup_printf ("Số %d, %s", (int) rnd_range (s, 1, 200), place);
}

static McApplicant *
new_applicant (Seeder             *s,
               const ProcedureDef *def,
               int                 home,
               McChannel           channel)
{
  McApplicant *a = mc_applicant_new ();
  Person p = new_person (s, 18, 75);
  gboolean online = channel == MC_CHANNEL_ONLINE;

  if (def->org_kind != ORG_NONE && chance (s, def->org_share))
    {
      a->kind = MC_APPLICANT_ORGANISATION;
      if (def->org_kind == ORG_HOUSEHOLD)
        {
          const char *given = strrchr (p.name, ' ') + 1;
          a->name = g_strdup_printf ("Hộ kinh doanh %s %s", PICK (s, household_trades), given);
        }
      else
        {
          const char *form = PICK (s, company_forms);
          const char *trade = PICK (s, company_trades);
          const char *name = PICK (s, company_names);

          a->name = g_strdup_printf ("%s %s %s", form, trade, name);
        }
      a->tax_code = tax_code (s);
      a->phone = phone_number (s);
      a->address = address (s, home);
      if (online || chance (s, 0.6))
        {
          g_autofree char *handle = ascii_handle (strrchr (a->name, ' ') + 1);
          a->email = g_strdup_printf ("ketoan.%s%d@gmail.com", handle, (int) rnd_range (s, 1, 99));
        }
    }
  else
    {
      a->kind = MC_APPLICANT_PERSON;
      a->name = g_strdup (p.name);
      a->id_number = citizen_id (s, &p);
      a->phone = chance (s, 0.95) ? phone_number (s) : NULL;
      a->address = address (s, home);
      if (online ? chance (s, 0.9) : chance (s, 0.3))
        a->email = email_for (s, p.name, p.birth_year);
    }
  g_free (p.name);
  return a;
}

/* ------------------------------------------------------------------ */
/* Organisation, accounts, catalogue                                   */

static Dept *
add_dept (Seeder     *s,
          const char *code,
          const char *agency_id,
          const char *name,
          int         kind,
          int         commune,
          gboolean    one_stop,
          const char *slug,
          Dept       *parent)
{
  Dept *d = g_new0 (Dept, 1);

  d->id = new_uuid (s);
  d->code = g_strdup (code);
  d->agency_id = g_strdup (agency_id);
  d->name = g_strdup (name);
  d->kind = kind;
  d->commune = commune;
  d->one_stop = one_stop;
  d->slug = slug;
  d->parent_id = parent ? parent->id : NULL;
  d->specialists = g_ptr_array_new ();
  d->receptionists = g_ptr_array_new ();
  g_ptr_array_add (s->depts, d);
  return d;
}

static Officer *
add_officer (Seeder     *s,
             const char *username,
             McRole      role,
             Dept       *dept)
{
  Officer *o = g_new0 (Officer, 1);

  o->id = new_uuid (s);
  o->username = g_strdup (username);
  o->full_name = person_name (s, chance (s, 0.5));
  o->role = role;
  o->dept = dept;
  g_ptr_array_add (s->officers, o);
  if (dept != NULL)
    {
      if (role == MC_ROLE_RECEPTION)
        g_ptr_array_add (dept->receptionists, o);
      else if (role == MC_ROLE_SPECIALIST)
        g_ptr_array_add (dept->specialists, o);
      else if (role == MC_ROLE_LEADER)
        dept->leader = o;
    }
  return o;
}

/* A leader and two specialists; `slug` names them: lanhdao.stp. */
static void
add_department_staff (Seeder     *s,
                      Dept       *dept,
                      const char *slug)
{
  g_autofree char *leader = g_strdup_printf ("lanhdao.%s", slug);

  add_officer (s, leader, MC_ROLE_LEADER, dept);
  for (int i = 1; i <= 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("chuyenvien%d.%s", i, slug);
      add_officer (s, name, MC_ROLE_SPECIALIST, dept);
    }
}

static void
build_organisation (Seeder *s)
{
  for (int k = 0; k < N_PROVINCIAL; k++)
    {
      const ProvinceDeptDef *def = &province_depts[k];

      s->province[k] = add_dept (s, def->code, def->agency_id, def->name, k, -1, def->one_stop,
                                 def->slug, def->parent >= 0 ? s->province[def->parent] : NULL);
    }
  s->units[0] = s->province[DK_CENTER];

  for (guint c = 0; c < N_COMMUNES; c++)
    {
      const CommuneDef *cd = &communes[c];
      g_autofree char *ubnd_code = g_strdup_printf ("%s-UBND", cd->code);
      g_autofree char *ubnd_agency = g_strdup_printf ("000.00.%02d.H56", cd->number);
      g_autofree char *ubnd_name = g_strdup_printf ("Ủy ban nhân dân %s %s", cd->kind, cd->name);
      g_autofree char *center_code = g_strdup_printf ("%s-TTPVHCC", cd->code);
      g_autofree char *center_agency = g_strdup_printf ("000.01.%02d.H56", cd->number);
      g_autofree char *center_name = g_strdup_printf ("Trung tâm Phục vụ hành chính công %s %s",
                                                      cd->kind, cd->name);
      g_autofree char *police_code = g_strdup_printf ("%s-CA", cd->code);
      g_autofree char *police_agency = g_strdup_printf ("000.%02d.17.H56", cd->number);
      g_autofree char *police_name = g_strdup_printf ("Công an %s %s", cd->kind, cd->name);
      Dept *ubnd, *center, *police;

      /* Communes answer to the province directly (no district since 2025);
       * a commune's police is a unit of the provincial police. */
      ubnd = add_dept (s, ubnd_code, ubnd_agency, ubnd_name, DK_COMMUNE_UBND, (int) c, FALSE,
                       cd->slug, s->province[DK_PROVINCE]);
      center = add_dept (s, center_code, center_agency, center_name, DK_COMMUNE_CENTER, (int) c,
                         TRUE, cd->slug, ubnd);
      police = add_dept (s, police_code, police_agency, police_name, DK_COMMUNE_POLICE, (int) c,
                         FALSE, cd->slug, s->province[DK_CAT]);
      s->commune_units[c][DK_COMMUNE_CENTER - N_PROVINCIAL] = center;
      s->commune_units[c][DK_COMMUNE_UBND - N_PROVINCIAL] = ubnd;
      s->commune_units[c][DK_COMMUNE_POLICE - N_PROVINCIAL] = police;
      s->units[1 + c] = center;
    }

  /* Accounts: administrator and center supervisor first, then each unit's. */
  s->admin = add_officer (s, "quantri", MC_ROLE_ADMIN, NULL);
  s->supervisor = add_officer (s, "giamsat", MC_ROLE_SUPERVISOR, NULL);
  add_officer (s, "tiepnhan.tinh", MC_ROLE_RECEPTION, s->province[DK_CENTER]);
  add_officer (s, "tiepnhan2.tinh", MC_ROLE_RECEPTION, s->province[DK_CENTER]);
  for (int k = DK_STP; k < N_PROVINCIAL; k++)
    add_department_staff (s, s->province[k], province_depts[k].slug);
  for (guint c = 0; c < N_COMMUNES; c++)
    {
      g_autofree char *reception = g_strdup_printf ("tiepnhan.%s", communes[c].slug);
      g_autofree char *police = g_strdup_printf ("ca.%s", communes[c].slug);

      add_officer (s, reception, MC_ROLE_RECEPTION, s->commune_units[c][DK_COMMUNE_CENTER - N_PROVINCIAL]);
      add_department_staff (s, s->commune_units[c][DK_COMMUNE_UBND - N_PROVINCIAL], communes[c].slug);
      add_department_staff (s, s->commune_units[c][DK_COMMUNE_POLICE - N_PROVINCIAL], police);
    }

  /* Commune procedures get one catalogue record per commune, decided by
   * that commune's committee or police: the national code is the same,
   * the deciding department differs, as in the provinces' catalogues
   * (domain.md §4: "locally the agency id may be appended"). */
  for (guint d = 0; d < N_PROCEDURE_DEFS; d++)
    {
      const ProcedureDef *def = &procedure_defs[d];

      if (def_is_commune (def))
        {
          for (guint c = 0; c < N_COMMUNES; c++)
            {
              s->procs[d][c].def = def;
              s->procs[d][c].id = new_uuid (s);
              s->procs[d][c].dept = s->commune_units[c][def->dept - N_PROVINCIAL];
            }
        }
      else
        {
          s->procs[d][0].def = def;
          s->procs[d][0].id = new_uuid (s);
          s->procs[d][0].dept = s->province[def->dept];
        }
    }
}

static gboolean
store_organisation (Seeder      *s,
                    const char  *password_hash,
                    GError     **error)
{
  for (guint i = 0; i < s->depts->len; i++)
    {
      Dept *d = g_ptr_array_index (s->depts, i);
      g_autoptr(McDepartment) department = mc_department_new ();

      mc_department_set_id (department, d->id);
      mc_department_set_code (department, d->code);
      mc_department_set_agency_id (department, d->agency_id);
      mc_department_set_name (department, d->name);
      mc_department_set_level (department, d->commune >= 0 ? MC_LEVEL_COMMUNE : MC_LEVEL_PROVINCE);
      mc_department_set_parent_id (department, d->parent_id);
      if (!mc_store_put_department (s->store, department, d->one_stop, error))
        return FALSE;
    }

  for (guint d = 0; d < N_PROCEDURE_DEFS; d++)
    {
      for (guint c = 0; c < N_COMMUNES; c++)
        {
          Proc *p = &s->procs[d][c];
          g_autoptr(McProcedure) procedure = NULL;

          if (p->id == NULL)
            continue;
          procedure = mc_procedure_new ();
          mc_procedure_set_id (procedure, p->id);
          mc_procedure_set_code (procedure, p->def->code);
          mc_procedure_set_name (procedure, p->def->name);
          mc_procedure_set_field (procedure, p->def->field);
          mc_procedure_set_department_id (procedure, p->dept->id);
          mc_procedure_set_limit_amount (procedure, p->def->amount);
          mc_procedure_set_limit_unit (procedure, p->def->unit);
          mc_procedure_set_online_level (procedure, p->def->online);
          mc_procedure_set_fee (procedure, p->def->fee);
          mc_procedure_set_supplement_rule (procedure, p->def->rule);
          mc_procedure_set_version (procedure, 1);
          for (const ComponentDef *cd = p->def->components; cd->name != NULL; cd++)
            {
              McComponent component = { (char *) cd->name, cd->form, cd->count, cd->mandatory };
              mc_procedure_add_component (procedure, &component);
            }
          if (!mc_store_put_procedure (s->store, procedure, error))
            return FALSE;
          s->report->n_procedures++;
        }
    }

  for (guint i = 0; i < s->officers->len; i++)
    {
      Officer *o = g_ptr_array_index (s->officers, i);
      g_autoptr(McUser) user = mc_user_new ();
      McSeedAccount *account;

      mc_user_set_id (user, o->id);
      mc_user_set_username (user, o->username);
      mc_user_set_full_name (user, o->full_name);
      mc_user_set_role (user, o->role);
      mc_user_set_department_id (user, o->dept ? o->dept->id : NULL);
      if (!mc_store_put_user (s->store, user, password_hash, error))
        {
          g_prefix_error (error, "%s: ", o->username);
          return FALSE;
        }
      account = g_new0 (McSeedAccount, 1);
      account->username = g_strdup (o->username);
      account->full_name = g_strdup (o->full_name);
      account->role = o->role;
      account->department_name = o->dept ? g_strdup (o->dept->name) : NULL;
      g_ptr_array_add (s->report->accounts, account);
    }
  s->report->n_departments = s->depts->len;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Arrivals                                                            */

static McChannel
pick_channel (Seeder             *s,
              const ProcedureDef *def)
{
  double x = rnd (s);
  /* Same-day services are mostly asked for in person: people come with the
   * papers and leave with the result. Online traffic is the multi-day
   * services, which is also what lets online dossiers be early as often
   * as §6 says (a same-day dossier can hardly beat its due date). */
  gboolean same_day = def->unit == MC_LIMIT_SAME_DAY;

  switch (def->online)
    {
    case MC_ONLINE_FULL:
      return x < (same_day ? 0.2 : 0.55) ? MC_CHANNEL_ONLINE : x < 0.95 ? MC_CHANNEL_COUNTER
                                                                       : MC_CHANNEL_POSTAL;
    case MC_ONLINE_PARTIAL:
      return x < (same_day ? 0.1 : 0.3) ? MC_CHANNEL_ONLINE : x < 0.96 ? MC_CHANNEL_COUNTER
                                                                      : MC_CHANNEL_POSTAL;
    case MC_ONLINE_NONE:
    default:
      /* Certifying a signature needs the signer in person. */
      return MC_CHANNEL_COUNTER;
    }
}

static guint
pick_commune (Seeder *s)
{
  double weights[N_COMMUNES];

  for (guint c = 0; c < N_COMMUNES; c++)
    weights[c] = communes[c].weight;
  return pick_weighted (s, weights, N_COMMUNES);
}

static void
random_arrival (Seeder  *s,
                Arrival *a)
{
  double weights[N_PROCEDURE_DEFS];
  const ProcedureDef *def;

  for (guint d = 0; d < N_PROCEDURE_DEFS; d++)
    weights[d] = procedure_defs[d].weight;
  a->def = (guint8) pick_weighted (s, weights, N_PROCEDURE_DEFS);
  def = &procedure_defs[a->def];
  /* Provincial services are mostly asked for at the provincial center; the
   * commune centers take some too (Decree 118: anywhere in the province). */
  if (def_is_commune (def) || chance (s, 0.12))
    a->unit = (guint8) (1 + pick_commune (s));
  else
    a->unit = 0;
  a->channel = (guint8) pick_channel (s, def);
  if (a->channel == MC_CHANNEL_ONLINE && chance (s, 0.3))
    a->at = sample_any_time (s);
  else
    a->at = sample_office_time (s);
}

static void
forced_arrival (Seeder  *s,
                Arrival *a,
                Forced   forced)
{
  gint64 day = s->day_seconds;

  a->forced = (guint8) forced;
  a->channel = MC_CHANNEL_COUNTER;
  a->unit = (guint8) (1 + pick_commune (s));
  switch (forced)
    {
    case F_SUBMITTED:
      a->def = P_RECORD;
      a->unit = 0;
      a->channel = MC_CHANNEL_ONLINE;
      a->at = s->now - rnd_range (s, 15 * 60, 90 * 60);
      break;
    case F_RECEIVED:
      a->def = P_TEMPORARY;
      a->at = work_sub (s, s->now, rnd_range (s, 10 * 60, 40 * 60));
      break;
    case F_PAYMENT:
      a->def = P_LAND;
      a->unit = 0;
      a->at = work_sub (s, s->now, rnd_range (s, 3 * day, 6 * day));
      break;
    case F_SUPPLEMENT:
      a->def = P_PERMANENT;
      a->at = work_sub (s, s->now, rnd_range (s, 2 * day, 3 * day));
      break;
    case F_DUE_SOON:
      /* Three working days, of which a few hours are left at `now`. */
      a->def = P_MARITAL;
      a->at = work_sub (s, s->now, 3 * day - rnd_range (s, 3600, day - 3600));
      break;
    case F_OVERDUE:
      a->def = P_LICENCE;
      a->unit = 0;
      a->at = work_sub (s, s->now, rnd_range (s, 7 * day, 15 * day));
      break;
    case F_REFUSED:
      a->def = P_TEMPORARY;
      a->channel = MC_CHANNEL_ONLINE;
      a->at = work_sub (s, s->now, rnd_range (s, day, 10 * day));
      break;
    case F_WITHDRAWN:
      a->def = P_HOUSEHOLD_NEW;
      a->at = work_sub (s, s->now, rnd_range (s, 5 * day, 20 * day));
      break;
    case F_STOPPED:
      a->def = P_BUILDING;
      a->at = work_sub (s, s->now, rnd_range (s, 35 * day, 45 * day));
      break;
    case F_NONE:
    default:
      g_assert_not_reached ();
    }
  if (a->at < window_start (s))
    a->at = sample_office_time (s);
}

static int
compare_arrivals (gconstpointer pa,
                  gconstpointer pb)
{
  const Arrival *a = pa, *b = pb;

  if (a->at != b->at)
    return a->at < b->at ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* One dossier's history                                               */

typedef struct {
  const Arrival *arrival;
  const Proc    *proc;
  Dept          *unit;
  McChannel      channel;
  const char    *applicant_name;
  McSeedClass    klass;
} Ctx;

static void
plan_add (Plan       *plan,
          McAction    action,
          gint64      at,
          Officer    *actor,
          Dept       *to_dept,
          Officer    *assignee,
          const char *reason,
          gint64      appointment)
{
  Step *step;

  if (plan->held)
    return;
  g_assert (plan->n < MAX_STEPS);
  step = &plan->steps[plan->n++];
  /* A history never goes back in time. */
  if (plan->n > 1 && at < plan->steps[plan->n - 2].at)
    at = plan->steps[plan->n - 2].at;
  step->action = action;
  step->at = at;
  step->actor = actor;
  step->to_dept = to_dept;
  step->assignee = assignee;
  step->reason = reason;
  step->appointment = appointment;
  if (action == plan->hold_after)
    plan->held = TRUE;
}

static gboolean
compute_due (Seeder        *s,
             const Ctx     *ctx,
             const McPause *pauses,
             guint          n_pauses,
             gint64        *due,
             GError       **error)
{
  McDueRequest request = { 0 };

  request.received_at = ctx->arrival->at;
  request.amount = ctx->proc->def->amount;
  request.unit = ctx->proc->def->unit;
  request.rule = ctx->proc->def->rule;
  request.pauses = pauses;
  request.n_pauses = n_pauses;
  return mc_deadline_compute (s->calendar, &request, due, NULL, error);
}

/* The outcome to aim at among those this dossier can still reach: the one
 * furthest behind its share of domain.md §6 (normalised), drawn at random
 * in proportion to how far behind, so that the shares come out right
 * whatever mix of procedures and channels the seed produced. */
static McTimeliness
choose_outcome (Seeder         *s,
                McSeedClass     klass,
                const gboolean  feasible[MC_TIMELINESS_LATE + 1])
{
  static const double shares[MC_SEED_N_CLASSES][MC_TIMELINESS_LATE + 1] = {
    [MC_SEED_PAPER] = { 0, 48.6 / 96.3, 40.0 / 96.3, 7.7 / 96.3 },
    [MC_SEED_ONLINE] = { 0, 70.3 / 96.4, 19.1 / 96.4, 7.0 / 96.4 },
  };
  double weights[MC_TIMELINESS_LATE + 1] = { 0 };
  double total = 0;

  for (int c = MC_TIMELINESS_EARLY; c <= MC_TIMELINESS_LATE; c++)
    {
      double behind;

      if (!feasible[c])
        continue;
      behind = shares[klass][c] * (s->tally_n[klass] + 1) - s->tally[klass][c];
      weights[c] = MAX (behind, 0);
      total += weights[c];
    }
  if (total <= 0)
    {
      for (int c = MC_TIMELINESS_EARLY; c <= MC_TIMELINESS_LATE; c++)
        weights[c] = feasible[c] ? shares[klass][c] : 0;
    }
  return (McTimeliness) pick_weighted (s, weights, MC_TIMELINESS_LATE + 1);
}

static gboolean
plan_dossier (Seeder     *s,
              const Ctx  *ctx,
              Plan       *plan,
              GError    **error)
{
  const ProcedureDef *def = ctx->proc->def;
  Forced forced = ctx->arrival->forced;
  Dept *dept = ctx->proc->dept;
  Officer *clerk = pick_ptr (s, ctx->unit->receptionists);
  Officer *leader = dept->leader;
  Officer *spec = pick_ptr (s, dept->specialists);
  gint64 day = s->day_seconds;
  gboolean online = ctx->channel == MC_CHANNEL_ONLINE;
  gboolean quick = def->unit == MC_LIMIT_SAME_DAY;
  gboolean long_limit = !quick && !(def->unit == MC_LIMIT_WORKING_DAYS && def->amount < 3);
  gboolean refuse_intake, withdraw, supplement, stop, pre_supplement, payment, reassign;
  gboolean send_back, refuse_result, stuck, apology;
  gboolean feasible[MC_TIMELINESS_LATE + 1] = { FALSE };
  McTimeliness outcome, actual;
  gint64 t, due, due_day, completion, window, appointment = MC_TIME_NONE;

  memset (plan, 0, sizeof *plan);
  plan->hold_after = MC_N_ACTIONS;
  switch (forced)
    {
    case F_SUBMITTED:
    case F_RECEIVED:
      plan->hold_after = MC_ACTION_REGISTER;
      break;
    case F_PAYMENT:
      plan->hold_after = MC_ACTION_REQUEST_PAYMENT;
      break;
    case F_SUPPLEMENT:
      plan->hold_after = MC_ACTION_REQUEST_SUPPLEMENT;
      break;
    case F_DUE_SOON:
    case F_OVERDUE:
      plan->hold_after = MC_ACTION_ASSIGN;
      break;
    case F_NONE:
    case F_REFUSED:
    case F_WITHDRAWN:
    case F_STOPPED:
    default:
      break;
    }

  /* What happens to this one; drawn in a fixed order, for determinism. */
  refuse_intake = online && (forced == F_REFUSED || (forced == F_NONE && chance (s, 0.02)));
  withdraw = forced == F_WITHDRAWN || (forced == F_NONE && chance (s, 0.008));
  supplement = forced == F_SUPPLEMENT || forced == F_STOPPED ||
               (forced == F_NONE && long_limit && chance (s, 0.13));
  stop = forced == F_STOPPED || (forced == F_NONE && supplement && chance (s, 0.06));
  pre_supplement = online && forced == F_NONE && chance (s, 0.04);
  payment = forced == F_PAYMENT || (forced == F_NONE && chance (s, def->payment_share));
  reassign = forced == F_NONE && !quick && chance (s, 0.03);
  send_back = !quick && chance (s, 0.05);
  refuse_result = chance (s, 0.025);

  /* Reception: an online submission arrives by itself (no officer) and is
   * accepted, or refused, from the next opening on. */
  t = ctx->arrival->at;
  plan_add (plan, MC_ACTION_REGISTER, t, online ? NULL : clerk, ctx->unit, NULL, NULL, MC_TIME_NONE);
  if (online)
    {
      t = work_add (s, t, rnd_range (s, 300, quick ? 3600 : 3 * 3600));
      if (refuse_intake)
        {
          plan_add (plan, MC_ACTION_REFUSE, t, clerk, NULL, NULL, PICK (s, refuse_reasons), MC_TIME_NONE);
          return TRUE;
        }
      if (pre_supplement)
        {
          /* Form 02 before acceptance: the list of what is missing. */
          gint64 back = work_add (s, t, rnd_range (s, 2 * 3600, 3 * day));
          plan_add (plan, MC_ACTION_REQUEST_SUPPLEMENT, t, clerk, NULL, NULL,
                    def->components[0].name, MC_TIME_NONE);
          plan->pauses[plan->n_pauses++] = (McPause) { t, back };
          plan_add (plan, MC_ACTION_SUPPLEMENT_RECEIVED, back, clerk, NULL, NULL, NULL, MC_TIME_NONE);
          t = work_add (s, back, rnd_range (s, 300, 3600));
        }
      plan_add (plan, MC_ACTION_ACCEPT, t, clerk, NULL, NULL, NULL, MC_TIME_NONE);
    }
  if (withdraw && chance (s, 0.4))
    {
      gint64 at = work_add (s, t, rnd_range (s, 600, 4 * 3600));

      plan_add (plan, MC_ACTION_WITHDRAW, at, clerk, NULL, NULL, PICK (s, withdraw_reasons), MC_TIME_NONE);
      return TRUE;
    }

  /* Transfer: electronic files go at once, paper within 8 working hours
   * (domain.md §2.3); the leader then assigns a specialist. */
  t = work_add (s, t, online ? rnd_range (s, 60, 1200) : quick ? rnd_range (s, 300, 1800)
                                                               : rnd_range (s, 600, 4 * 3600));
  plan_add (plan, MC_ACTION_TRANSFER, t, clerk, dept, NULL, NULL, MC_TIME_NONE);
  t = work_add (s, t, quick ? rnd_range (s, 120, 1200) : rnd_range (s, 300, 3 * 3600));
  plan_add (plan, MC_ACTION_ASSIGN, t, leader, NULL, spec, NULL, MC_TIME_NONE);
  if (reassign)
    {
      Officer *other = g_ptr_array_index (dept->specialists, 0) == spec
                       ? g_ptr_array_index (dept->specialists, 1)
                       : g_ptr_array_index (dept->specialists, 0);

      Officer *by;

      t = work_add (s, t, rnd_range (s, 1800, day));
      by = chance (s, 0.25) ? s->supervisor : leader;
      plan_add (plan, MC_ACTION_REASSIGN, t, by, NULL, other, PICK (s, reassign_reasons), MC_TIME_NONE);
      spec = other;
    }
  if (supplement)
    {
      const ComponentDef *missing = &def->components[g_rand_int_range (s->rand, 0, 2)];

      t = work_add (s, t, forced != F_NONE ? rnd_range (s, 1800, 3 * 3600) : rnd_range (s, 3600, 2 * day));
      plan_add (plan, MC_ACTION_REQUEST_SUPPLEMENT, t, spec, NULL, NULL, missing->name, MC_TIME_NONE);
      if (stop)
        {
          gint64 end = work_add (s, t, rnd_range (s, 10, 20) * day);

          plan->pauses[plan->n_pauses++] = (McPause) { t, end };
          plan_add (plan, MC_ACTION_STOP, end, chance (s, 0.1) ? s->supervisor : leader, NULL, NULL,
                    stop_reason, MC_TIME_NONE);
          return TRUE;
        }
      {
        gint64 back = work_add (s, t, rnd_range (s, 4 * 3600, 8 * day));

        plan->pauses[plan->n_pauses++] = (McPause) { t, back };
        plan_add (plan, MC_ACTION_SUPPLEMENT_RECEIVED, back, chance (s, 0.7) ? clerk : spec,
                  NULL, NULL, NULL, MC_TIME_NONE);
        t = back;
      }
    }
  if (withdraw)
    {
      gint64 at = work_add (s, t, rnd_range (s, 1800, 2 * day));

      plan_add (plan, MC_ACTION_WITHDRAW, at, clerk, NULL, NULL, PICK (s, withdraw_reasons), MC_TIME_NONE);
      return TRUE;
    }

  if (!compute_due (s, ctx, plan->pauses, plan->n_pauses, &due, error))
    return FALSE;
  g_assert (due != MC_TIME_NONE);
  due_day = start_of_day (due);

  /* A few dossiers stall past their due date and are still open at `now`:
   * the overdue queue. More of them among the recent ones. */
  stuck = forced == F_NONE && due < s->now &&
          chance (s, s->now - due < 20 * 86400 ? 0.04 : 0.004);
  if (stuck || plan->held)
    {
      if (stuck && chance (s, 0.5) && work_between (s, t, due_day) > 900)
        {
          gint64 at = work_add (s, t, rnd_range (s, 300, work_between (s, t, due_day) - 600));
          gint64 new_date = work_add (s, MAX (due, s->now), rnd_range (s, 1, 5) * day);

          plan_add (plan, MC_ACTION_APOLOGISE_AND_RESCHEDULE, at, leader, NULL, NULL,
                    PICK (s, apology_reasons), new_date);
        }
      if (!plan->held && !payment)
        return TRUE;
    }

  /* When it is decided: early (before the due date), on time (on it) or
   * late (after it), compared as local dates like mc_deadline_classify. */
  t = work_add (s, t, quick ? 600 : 1800);
  feasible[MC_TIMELINESS_EARLY] = work_between (s, t, due_day) > 120;
  feasible[MC_TIMELINESS_ON_TIME] = work_between (s, MAX (t, due_day), due_day + 86400) > 120;
  feasible[MC_TIMELINESS_LATE] = TRUE;
  outcome = choose_outcome (s, ctx->klass, feasible);
  apology = !stuck && outcome == MC_TIMELINESS_LATE && chance (s, 0.35) &&
            work_between (s, t, due_day) > 900;
  if (apology)
    appointment = work_add (s, due, rnd_range (s, 1, 5) * day);

  switch (outcome)
    {
    case MC_TIMELINESS_EARLY:
      window = work_between (s, t, due_day) - 60;
      /* More of them near the due date than right after reception. */
      completion = work_add (s, t, (gint64) (window * sqrt (rnd (s))));
      break;
    case MC_TIMELINESS_ON_TIME:
      {
        gint64 from = MAX (t, due_day);

        window = work_between (s, from, due_day + 86400);
        completion = work_add (s, from, rnd_range (s, 60, window - 60));
      }
      break;
    case MC_TIMELINESS_LATE:
    case MC_TIMELINESS_NONE:
    default:
      {
        gint64 from = MAX (t, due_day + 86400);
        gint64 until = apology ? appointment
                               : work_add (s, from, (chance (s, 0.7) ? rnd_range (s, 1, 2)
                                                                    : rnd_range (s, 3, 10)) * day);

        window = work_between (s, from, until);
        completion = work_add (s, from, rnd_range (s, 60, MAX (window - 60, 60)));
      }
      break;
    }

  actual = mc_deadline_classify (due, completion);
  if (!plan->held && !stuck)
    {
      s->tally[ctx->klass][actual]++;
      s->tally_n[ctx->klass]++;
    }

  /* The apology goes out no later than the day before the due date. */
  if (apology)
    {
      gint64 at = work_add (s, t, rnd_range (s, 300, work_between (s, t, due_day) - 600));
      Officer *by = chance (s, 0.2) ? s->supervisor : leader;

      plan_add (plan, MC_ACTION_APOLOGISE_AND_RESCHEDULE, at, by, NULL, NULL,
                PICK (s, apology_reasons), appointment);
      t = at;
    }

  /* Processing fills the time up to the decision. */
  window = MAX (work_between (s, t, completion), 0);
  if (window < 1800 && forced == F_NONE)
    payment = send_back = FALSE;
  if (payment)
    {
      gint64 asked = forced == F_PAYMENT ? work_add (s, t, rnd_range (s, 1800, 4 * 3600))
                                         : work_add (s, t, (gint64) (window * (0.15 + 0.1 * rnd (s))));
      gint64 paid = work_add (s, t, (gint64) (window * (0.35 + 0.1 * rnd (s))));

      plan_add (plan, MC_ACTION_REQUEST_PAYMENT, asked, spec, NULL, NULL, NULL, MC_TIME_NONE);
      plan_add (plan, MC_ACTION_PAYMENT_RECEIVED, MAX (paid, asked), chance (s, 0.7) ? clerk : spec,
                NULL, NULL, NULL, MC_TIME_NONE);
    }
  if (stuck)
    return TRUE;
  if (send_back)
    {
      plan_add (plan, MC_ACTION_SUBMIT_FOR_APPROVAL, work_add (s, t, (gint64) (window * 0.55)), spec,
                NULL, NULL, NULL, MC_TIME_NONE);
      plan_add (plan, MC_ACTION_SEND_BACK, work_add (s, t, (gint64) (window * 0.68)), leader,
                NULL, NULL, PICK (s, send_back_reasons), MC_TIME_NONE);
      plan_add (plan, MC_ACTION_SUBMIT_FOR_APPROVAL, work_add (s, t, (gint64) (window * 0.85)), spec,
                NULL, NULL, NULL, MC_TIME_NONE);
    }
  else
    {
      plan_add (plan, MC_ACTION_SUBMIT_FOR_APPROVAL,
                work_add (s, t, (gint64) (window * (quick ? 0.5 + 0.4 * rnd (s) : 0.7 + 0.2 * rnd (s)))),
                spec, NULL, NULL, NULL, MC_TIME_NONE);
    }
  if (refuse_result)
    plan_add (plan, MC_ACTION_REFUSE_RESULT, completion, leader, NULL, NULL,
              PICK (s, refuse_result_reasons), MC_TIME_NONE);
  else
    plan_add (plan, MC_ACTION_APPROVE, completion, leader, NULL, NULL, NULL, MC_TIME_NONE);

  /* The result back at the counter, by post or to the e-data store. */
  t = work_add (s, completion, quick ? rnd_range (s, 300, 2 * 3600) : rnd_range (s, 1800, 3 * day));
  plan_add (plan, MC_ACTION_RETURN_RESULT, t, pick_ptr (s, ctx->unit->receptionists), NULL, NULL,
            NULL, MC_TIME_NONE);
  return TRUE;
}

/* Where a dossier stands, as the workflow sees it. */
typedef struct {
  McWorkflowSubject subject;
  McPause           pauses[2];
  guint             n_pauses;
  gint64            completed_at;
  gint64            returned_at;
  gint64            appointment_at;
  McResult          result;
} State;

static McEvent *
new_event (Seeder     *s,
           const Step *step,
           const Ctx  *ctx)
{
  McEvent *event = mc_event_new ();
  g_autofree char *id = new_uuid (s);

  mc_event_set_id (event, id);
  mc_event_set_at (event, step->at);
  mc_event_set_action (event, step->action);
  if (step->actor != NULL)
    {
      mc_event_set_actor_id (event, step->actor->id);
      mc_event_set_actor_name (event, step->actor->full_name);
    }
  else
    {
      /* The applicant submitted it online. */
      mc_event_set_actor_name (event, ctx->applicant_name);
    }
  if (step->reason != NULL)
    mc_event_set_note (event, step->reason);
  return event;
}

/* Takes the planned steps up to `now` through the workflow table, which
 * must allow every one of them. */
static gboolean
apply_plan (Seeder     *s,
            const Ctx  *ctx,
            const Plan *plan,
            McDossier  *dossier,
            State      *st,
            GError    **error)
{
  memset (st, 0, sizeof *st);
  st->completed_at = st->returned_at = st->appointment_at = MC_TIME_NONE;

  for (guint i = 0; i < plan->n; i++)
    {
      const Step *step = &plan->steps[i];
      g_autoptr(McEvent) event = NULL;
      g_autoptr(GError) local_error = NULL;
      McWorkflowSubject *sub = &st->subject;
      McWorkflowOutcome out;
      McWorkflowActor actor;
      McWorkflowParams params = { NULL, NULL, NULL, MC_TIME_NONE, NULL };

      if (step->at > s->now)
        break;
      event = new_event (s, step, ctx);

      if (step->action == MC_ACTION_REGISTER)
        {
          sub->status = ctx->channel == MC_CHANNEL_ONLINE ? MC_STATUS_SUBMITTED : MC_STATUS_RECEIVED;
          sub->department_id = ctx->unit->id;
          sub->receiving_department_id = ctx->unit->id;
          mc_event_set_to_status (event, sub->status);
          mc_event_set_to_department_id (event, ctx->unit->id);
          mc_dossier_add_event (dossier, event);
          continue;
        }

      actor.id = step->actor->id;
      actor.role = step->actor->role;
      actor.department_id = step->actor->dept ? step->actor->dept->id : NULL;
      params.department_id = step->to_dept ? step->to_dept->id : NULL;
      params.assignee_id = step->assignee ? step->assignee->id : NULL;
      params.reason = step->reason;
      params.appointment_at = step->appointment;
      if (mc_workflow_check (step->action, sub, &actor, &local_error) != MC_VERDICT_ALLOWED ||
          !mc_workflow_apply (step->action, sub, &params, &out, &local_error))
        {
          g_set_error (error, MC_SEED_ERROR, MC_SEED_ERROR_FAILED,
                       "dossier %s: %s by %s refused by the workflow: %s",
                       mc_dossier_get_code (dossier), mc_action_to_string (step->action),
                       step->actor->username, local_error->message);
          return FALSE;
        }

      mc_event_set_from_status (event, sub->status);
      mc_event_set_to_status (event, out.status);
      if (out.department_changed)
        {
          mc_event_set_from_department_id (event, sub->department_id);
          mc_event_set_to_department_id (event, out.department_id);
        }
      if (out.assignee_changed)
        {
          mc_event_set_from_assignee_id (event, sub->assignee_id);
          mc_event_set_to_assignee_id (event, out.assignee_id);
        }
      mc_dossier_add_event (dossier, event);

      switch (step->action)
        {
        case MC_ACTION_REQUEST_SUPPLEMENT:
          g_assert (st->n_pauses < G_N_ELEMENTS (st->pauses));
          st->pauses[st->n_pauses++] = (McPause) { step->at, MC_TIME_NONE };
          break;
        case MC_ACTION_SUPPLEMENT_RECEIVED:
        case MC_ACTION_STOP:
        case MC_ACTION_WITHDRAW:
          /* The wait ends, whichever way. */
          if (st->n_pauses > 0 && st->pauses[st->n_pauses - 1].ended_at == MC_TIME_NONE)
            st->pauses[st->n_pauses - 1].ended_at = step->at;
          break;
        case MC_ACTION_APPROVE:
        case MC_ACTION_REFUSE_RESULT:
          st->completed_at = step->at;
          st->result = out.result;
          break;
        case MC_ACTION_RETURN_RESULT:
          st->returned_at = step->at;
          break;
        case MC_ACTION_APOLOGISE_AND_RESCHEDULE:
          st->appointment_at = step->appointment;
          break;
        default:
          break;
        }

      sub->status = out.status;
      sub->substate = out.substate;
      sub->department_id = out.department_id;
      sub->assignee_id = out.assignee_id;
      if (out.rescheduled)
        sub->rescheduled = TRUE;
      if (step->action == MC_ACTION_REQUEST_SUPPLEMENT)
        sub->resume_status = out.resume_status;
      else if (step->action == MC_ACTION_SUPPLEMENT_RECEIVED)
        sub->resume_status = 0;
    }
  return TRUE;
}

static gboolean
is_open (McStatus status)
{
  return status == MC_STATUS_SUBMITTED || status == MC_STATUS_RECEIVED ||
         status == MC_STATUS_IN_PROGRESS || status == MC_STATUS_AWAITING_SUPPLEMENT ||
         status == MC_STATUS_AWAITING_PAYMENT;
}

/* Picks the receiving unit with numbers left on that day: a center takes
 * at most 9999 dossiers a day (domain.md §4), which a million dossiers
 * would otherwise reach. Commune procedures move to another commune. */
static gboolean
claim_number_slot (Seeder   *s,
                   Arrival  *a,
                   GError  **error)
{
  gint64 day = local_day (a->at) - s->first_day;
  const ProcedureDef *def = &procedure_defs[a->def];

  g_assert (day >= 0 && day < s->n_days);
  for (guint k = 0; k < N_UNITS; k++)
    {
      guint unit = (a->unit + k) % N_UNITS;

      if (def_is_commune (def) && unit == 0)
        continue;
      if (s->day_counts[unit * s->n_days + day] < DAY_CAP)
        {
          s->day_counts[unit * s->n_days + day]++;
          a->unit = (guint8) unit;
          return TRUE;
        }
    }
  g_set_error (error, MC_SEED_ERROR, MC_SEED_ERROR_INVALID,
               _("Too many dossiers for one day: every center has used its 9999 numbers"));
  return FALSE;
}

static gboolean
seed_one (Seeder   *s,
          Arrival  *a,
          GError  **error)
{
  g_autoptr(McDossier) dossier = mc_dossier_new ();
  g_autoptr(McApplicant) applicant = NULL;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  const ProcedureDef *def;
  Plan plan;
  State st;
  Ctx ctx = { 0 };
  int y, m, d, number;
  gint64 due = MC_TIME_NONE;
  McStatus status;
  McChannel return_channel = MC_CHANNEL_COUNTER;

  if (!claim_number_slot (s, a, error))
    return FALSE;
  def = &procedure_defs[a->def];
  ctx.arrival = a;
  ctx.unit = s->units[a->unit];
  /* claim_number_slot() sends commune procedures to commune centers only. */
  ctx.proc = def_is_commune (def) ? &s->procs[a->def][a->unit - 1] : &s->procs[a->def][0];
  ctx.channel = a->channel;
  ctx.klass = a->channel == MC_CHANNEL_ONLINE ? MC_SEED_ONLINE : MC_SEED_PAPER;

  id = new_uuid (s);
  applicant = new_applicant (s, def, a->unit == 0 ? -1 : a->unit - 1, ctx.channel);
  ctx.applicant_name = applicant->name;
  if (a->channel == MC_CHANNEL_POSTAL)
    return_channel = MC_CHANNEL_POSTAL;
  else if (a->channel == MC_CHANNEL_ONLINE && def->online == MC_ONLINE_FULL)
    return_channel = chance (s, 0.5) ? MC_CHANNEL_ONLINE : chance (s, 0.7) ? MC_CHANNEL_COUNTER
                                                                          : MC_CHANNEL_POSTAL;

  day_to_date (local_day (a->at), &y, &m, &d);
  if (!mc_store_next_code_number (s->store, ctx.unit->agency_id, y, m, d, &number, error))
    return FALSE;
  code = mc_dossier_code_format (ctx.unit->agency_id, y, m, d, (guint) number, error);
  if (code == NULL)
    return FALSE;

  mc_dossier_set_id (dossier, id);
  mc_dossier_set_code (dossier, code);
  mc_dossier_set_procedure_id (dossier, ctx.proc->id);
  mc_dossier_set_procedure_version (dossier, 1);
  mc_dossier_set_channel (dossier, a->channel);
  mc_dossier_set_return_channel (dossier, return_channel);
  mc_dossier_set_received_at (dossier, a->at);
  mc_dossier_set_receiving_department_id (dossier, ctx.unit->id);
  mc_dossier_set_applicant (dossier, applicant);

  if (!plan_dossier (s, &ctx, &plan, error) ||
      !apply_plan (s, &ctx, &plan, dossier, &st, error))
    return FALSE;

  /* The due date from what actually happened up to `now`: a wait still
   * open stops the clock (no due date for now). */
  if (!compute_due (s, &ctx, st.pauses, st.n_pauses, &due, error))
    return FALSE;
  status = st.subject.status;
  for (guint i = 0; i < st.n_pauses; i++)
    mc_dossier_add_pause (dossier, &st.pauses[i]);
  mc_dossier_set_due_at (dossier, due);
  mc_dossier_set_appointment_at (dossier, st.appointment_at);
  mc_dossier_set_status (dossier, status);
  mc_dossier_set_substate (dossier, status == MC_STATUS_IN_PROGRESS ? st.subject.substate : MC_SUBSTATE_NONE);
  mc_dossier_set_department_id (dossier, st.subject.department_id);
  mc_dossier_set_assignee_id (dossier, st.subject.assignee_id);
  mc_dossier_set_completed_at (dossier, st.completed_at);
  mc_dossier_set_returned_at (dossier, st.returned_at);
  mc_dossier_set_result (dossier, st.result);
  if (st.completed_at != MC_TIME_NONE)
    mc_dossier_set_timeliness (dossier, mc_deadline_classify (due, st.completed_at));
  /* One version per change: each event is one. */
  mc_dossier_set_version (dossier, (int) mc_dossier_get_n_events (dossier));
  mc_dossier_set_updated_at (dossier,
                             mc_event_get_at (mc_dossier_get_event (dossier, mc_dossier_get_n_events (dossier) - 1)));

  if (!mc_store_put_dossier (s->store, dossier, error))
    return FALSE;

  s->report->n_dossiers++;
  s->report->n_events += mc_dossier_get_n_events (dossier);
  s->report->by_status[status]++;
  if (st.completed_at != MC_TIME_NONE)
    s->report->by_timeliness[ctx.klass][mc_dossier_get_timeliness (dossier)]++;
  if (is_open (status))
    {
      McAlertLevel level = mc_deadline_alert_level (s->calendar, due, s->now, s->day_seconds);

      if (level == MC_ALERT_DUE_SOON)
        s->report->due_soon++;
      else if (level == MC_ALERT_OVERDUE)
        s->report->overdue++;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */

void
mc_seed_options_init (McSeedOptions *options)
{
  g_return_if_fail (options != NULL);

  options->n_dossiers = MC_SEED_DEFAULT_DOSSIERS;
  options->seed = MC_SEED_DEFAULT_SEED;
  options->now = MC_TIME_NONE;
}

static void
account_free (gpointer data)
{
  McSeedAccount *a = data;

  g_free (a->username);
  g_free (a->full_name);
  g_free (a->department_name);
  g_free (a);
}

void
mc_seed_report_clear (McSeedReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->accounts, g_ptr_array_unref);
  g_clear_pointer (&report->password, g_free);
  memset (report, 0, sizeof *report);
}

static gboolean
database_is_empty (McStore  *store,
                   GError  **error)
{
  g_autoptr(GPtrArray) departments = mc_store_list_departments (store, error);

  if (departments == NULL)
    return FALSE;
  /* Dossiers need procedures, which need departments: none of them means
   * no dossiers either. An organisation alone is refused too, since the
   * demo's would be mixed into it. */
  if (departments->len > 0)
    {
      g_set_error (error, MC_SEED_ERROR, MC_SEED_ERROR_NOT_EMPTY,
                   _("The database %s already holds an organisation or dossiers; "
                     "demo data goes only into a new, empty database"),
                   mc_store_get_path (store));
      return FALSE;
    }
  return TRUE;
}

static void
prepare_window (Seeder *s)
{
  gint64 today = local_day (s->now);

  s->first_day = today - MC_SEED_DAYS;
  s->n_days = MC_SEED_DAYS + 1;
  s->day_counts = g_new0 (guint, (gsize) N_UNITS * s->n_days);
  s->working_days = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (gint64 day = s->first_day; day <= today; day++)
    {
      if (is_working_day (s, day))
        g_array_append_val (s->working_days, day);
    }
}

gboolean
mc_server_seed_demo (McStore              *store,
                     const McSeedOptions  *options,
                     McSeedReport         *report,
                     GError              **error)
{
  g_auto(Seeder) s = { 0 };
  g_auto(McSeedReport) local_report = { 0 };
  g_autofree char *password_hash = NULL;
  g_autofree Arrival *arrivals = NULL;
  guint n, n_forced;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = options->n_dossiers;
  if (n < 1 || n > MC_SEED_MAX_DOSSIERS)
    {
      g_set_error (error, MC_SEED_ERROR, MC_SEED_ERROR_INVALID,
                   _("The number of dossiers must be from 1 to %d"), MC_SEED_MAX_DOSSIERS);
      return FALSE;
    }
  if (!database_is_empty (store, error))
    return FALSE;

  s.store = store;
  s.now = options->now != MC_TIME_NONE ? options->now : mc_time_now ();
  {
    int y, m, d;

    /* The window and the due dates must stay inside the calendar's years. */
    day_to_date (local_day (s.now), &y, &m, &d);
    if (y <= MC_CALENDAR_FIRST_YEAR || y >= MC_CALENDAR_LAST_YEAR)
      {
        g_set_error (error, MC_SEED_ERROR, MC_SEED_ERROR_INVALID,
                     _("The present moment of the demo must fall between the years %d and %d"),
                     MC_CALENDAR_FIRST_YEAR + 1, MC_CALENDAR_LAST_YEAR - 1);
        return FALSE;
      }
  }
  s.rand = g_rand_new_with_seed (options->seed);
  s.depts = g_ptr_array_new_with_free_func (dept_free);
  s.officers = g_ptr_array_new_with_free_func (officer_free);
  s.report = &local_report;
  local_report.accounts = g_ptr_array_new_with_free_func (account_free);
  local_report.password = g_strdup (MC_SEED_DEMO_PASSWORD);
  local_report.now = s.now;
  local_report.seed = options->seed;

  s.calendar = mc_store_get_calendar (store, error);
  if (s.calendar == NULL)
    return FALSE;
  s.day_seconds = mc_calendar_get_day_seconds (s.calendar);
  prepare_window (&s);
  if (s.working_days->len == 0)
    {
      g_set_error_literal (error, MC_SEED_ERROR, MC_SEED_ERROR_INVALID,
                           _("The working calendar has no working day in the seeding window"));
      return FALSE;
    }

  /* yescrypt is slow by design: one hash, shared by every demo account. */
  password_hash = mc_server_auth_hash_password (MC_SEED_DEMO_PASSWORD, error);
  if (password_hash == NULL)
    return FALSE;

  build_organisation (&s);

  /* Receptions are drawn first and sorted, so that the daily numbers of
   * the codes follow the clock as at a real counter. */
  arrivals = g_new0 (Arrival, n);
  n_forced = MIN (n, G_N_ELEMENTS (forced_list));
  for (guint i = 0; i < n; i++)
    {
      arrivals[i].order = i;
      if (i < n_forced)
        forced_arrival (&s, &arrivals[i], forced_list[i]);
      else
        random_arrival (&s, &arrivals[i]);
    }
  qsort (arrivals, n, sizeof (Arrival), compare_arrivals);

  if (!mc_store_begin (store, error))
    return FALSE;
  if (!store_organisation (&s, password_hash, error))
    goto fail;

  for (guint i = 0; i < n; i++)
    {
      if (!seed_one (&s, &arrivals[i], error))
        goto fail;
      if ((i + 1) % BATCH == 0 && i + 1 < n)
        {
          if (!mc_store_commit (store, error) || !mc_store_begin (store, error))
            goto fail;
        }
    }
  if (!mc_store_commit (store, error))
    goto fail;

  if (report != NULL)
    {
      *report = local_report;
      memset (&local_report, 0, sizeof local_report);
    }
  return TRUE;

fail:
  mc_store_rollback (store);
  return FALSE;
}
